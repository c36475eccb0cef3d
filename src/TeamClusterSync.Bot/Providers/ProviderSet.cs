using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Providers;

namespace TeamClusterSync.Bot.Providers;

/// <summary>Hands each cluster to the provider its spec names (<c>provider.type</c>).</summary>
public sealed class ProviderSet(IReadOnlyDictionary<ProviderType, IClusterProvider> providers) : IClusterProvider
{
    /// <summary>The providers that run in-process: simulated and command. Hive needs a hub cluster connection.</summary>
    public static ProviderSet Default(SimulatedProvider? simulated = null) => new(new Dictionary<ProviderType, IClusterProvider>
    {
        [ProviderType.Simulated] = simulated ?? new SimulatedProvider(),
        [ProviderType.Command] = new CommandLineProvider(),
    });

    public Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct) =>
        For(cluster).IssueAsync(cluster, user, mode, expires, ct);

    public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct) =>
        For(cluster).RevokeAsync(cluster, user, mode, ct);

    private IClusterProvider For(Cluster cluster) =>
        providers.TryGetValue(cluster.Provider.Type, out var provider)
            ? provider
            : throw new NotSupportedException($"cluster {cluster.Name} uses provider '{cluster.Provider.Type.ToString().ToLowerInvariant()}', which this bot is not configured for");
}
