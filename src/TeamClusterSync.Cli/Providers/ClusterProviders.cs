using TeamClusterSync.Bot.Providers;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Providers;
using TeamClusterSync.Kubernetes;

namespace TeamClusterSync.Cli.Providers;

/// <summary>The providers this process can serve: simulated and command always, hive when a hub kubeconfig is given.</summary>
internal static class ClusterProviders
{
    public static IClusterProvider FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static IClusterProvider FromEnvironment(Func<string, string?> environment) =>
        HubConnection.FromEnvironment(environment) is { } hive
            ? ProviderSet.Default().With(ProviderType.Hive, hive)
            : ProviderSet.Default();
}
