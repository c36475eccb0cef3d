using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.GitHub;

/// <summary>Registers GitHub teams as the app's <see cref="ITeamMembershipSource"/>.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <param name="apiBase">GitHub Enterprise or a stand-in; null for api.github.com.</param>
    /// <param name="cacheDirectory">Where team ETags and members persist between runs and processes; null keeps them in memory.</param>
    public static IServiceCollection AddGitHubTeams(this IServiceCollection services, string token, Uri? apiBase, string? cacheDirectory = null) =>
        services.AddSingleton<ITeamMembershipSource>(GitHubTeams.Create(token, apiBase, new GitHubTeamsOptions(cacheDirectory)));
}
