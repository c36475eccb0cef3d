using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Cli.Charts;
using TeamClusterSync.Git;
using TeamClusterSync.GitHub;
using TeamClusterSync.Kubernetes;
using TeamClusterSync.Providers;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>The wiring every command shares: the app over the git store, with the adapters the settings enable.</summary>
internal static class Composition
{
    /// <summary>The app, the store, the providers (Hive with a hub kubeconfig), and GitHub teams with a token. Slack is added by the commands that talk to it.</summary>
    public static IServiceCollection AddTeamClusterSync(this IServiceCollection services, HostSettings settings, GitStateStore store)
    {
        services.AddGitStateStore(store).AddClusterProviders().AddTeamClusterSyncApp();
        services.AddSingleton<IUsageChart, UsageChart>();
        if (settings.HiveKubeconfig is { } hub)
        {
            services.AddHive(hub);
        }

        if (settings.GitHubToken is { } token)
        {
            services.AddGitHubTeams(token, settings.GitHubApi, Path.Combine(settings.CacheRoot, "github"));
        }

        return services;
    }

    /// <summary>A service provider for a one-shot command, on the program's clock (tests move it past a window).</summary>
    public static ServiceProvider Build(HostSettings settings, GitStateStore store, TimeProvider clock, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddSingleton(clock).AddTeamClusterSync(settings, store);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
