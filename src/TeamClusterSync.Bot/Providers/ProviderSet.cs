using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Providers;

namespace TeamClusterSync.Bot.Providers;

/// <summary>Hands each cluster to the provider its spec names (<c>provider.type</c>).</summary>
public sealed class ProviderSet(IReadOnlyDictionary<ProviderType, IClusterProvider> providers) : IClusterProvider
{
    /// <summary>The providers that need nothing more: simulated and command. Hive needs a hub cluster (see <see cref="With"/>).</summary>
    public static ProviderSet Default(SimulatedProvider? simulated = null) => new(new Dictionary<ProviderType, IClusterProvider>
    {
        [ProviderType.Simulated] = simulated ?? new SimulatedProvider(),
        [ProviderType.Command] = new CommandLineProvider(),
    });

    /// <summary>This set with <paramref name="provider"/> serving clusters of <paramref name="type"/>.</summary>
    public ProviderSet With(ProviderType type, IClusterProvider provider) =>
        new(new Dictionary<ProviderType, IClusterProvider>(providers) { [type] = provider });

    public Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct) =>
        For(cluster).IssueAsync(cluster, user, mode, expires, ct);

    public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct) =>
        For(cluster).RevokeAsync(cluster, user, mode, ct);

    public Task ReprovisionAsync(Cluster cluster, CancellationToken ct) => For(cluster).ReprovisionAsync(cluster, ct);

    private IClusterProvider For(Cluster cluster) =>
        providers.TryGetValue(cluster.Provider.Type, out var provider)
            ? provider
            : throw new NotSupportedException($"cluster {cluster.Name} uses provider '{cluster.Provider.Type.ToString().ToLowerInvariant()}', which this bot is not configured for");
}
