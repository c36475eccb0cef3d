using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.GitHub;

/// <summary>Registers GitHub teams as the app's <see cref="ITeamMembershipSource"/>.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <param name="apiBase">GitHub Enterprise or a stand-in; null for api.github.com.</param>
    public static IServiceCollection AddGitHubTeams(this IServiceCollection services, string token, Uri? apiBase) =>
        services.AddSingleton<ITeamMembershipSource>(GitHubTeams.Create(token, apiBase));
}
