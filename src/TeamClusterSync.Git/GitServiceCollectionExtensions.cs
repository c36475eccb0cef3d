using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git;

/// <summary>Registers the git state store as the app's <see cref="IStateStore"/> and <see cref="ILeaseHistory"/>.</summary>
public static class GitServiceCollectionExtensions
{
    /// <summary>The store over an already opened cache clone (the host opens it, so a bad remote fails before anything starts).</summary>
    public static IServiceCollection AddGitStateStore(this IServiceCollection services, GitStateStore store) =>
        services.AddSingleton<IStateStore>(store).AddSingleton<ILeaseHistory>(store);
}
