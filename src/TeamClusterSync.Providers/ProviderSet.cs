using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Providers.Command;
using TeamClusterSync.Providers.Simulated;

namespace TeamClusterSync.Providers;

/// <summary>Hands each cluster to the provider its spec names (<c>provider.type</c>); a later registration of a type wins.</summary>
public sealed class ProviderSet(IEnumerable<ClusterProviderRegistration> registrations) : IClusterProvider
{
    private readonly Dictionary<ProviderType, IClusterProvider> providers =
        registrations.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Last().Provider);

    /// <summary>The providers that need nothing more: simulated and command. Hive needs a hub cluster.</summary>
    public static IReadOnlyList<ClusterProviderRegistration> Defaults(SimulatedProvider? simulated = null) =>
    [
        new(ProviderType.Simulated, simulated ?? new SimulatedProvider()),
        new(ProviderType.Command, new CommandLineProvider()),
    ];

    public Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct) =>
        For(cluster).IssueAsync(cluster, user, mode, expires, ct);

    public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct) =>
        For(cluster).RevokeAsync(cluster, user, mode, ct);

    public Task ReprovisionAsync(Cluster cluster, CancellationToken ct) => For(cluster).ReprovisionAsync(cluster, ct);

    public Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct) => For(cluster).CheckAsync(cluster, ct);

    public Task RestoreAsync(Cluster cluster, CancellationToken ct) => For(cluster).RestoreAsync(cluster, ct);

    public Task<ClusterStatus?> StatusAsync(Cluster cluster, CancellationToken ct) => For(cluster).StatusAsync(cluster, ct);

    public Task HibernateAsync(Cluster cluster, CancellationToken ct) => For(cluster).HibernateAsync(cluster, ct);

    public Task<bool> RebuildRunsAsync(Cluster cluster, CancellationToken ct) => For(cluster).RebuildRunsAsync(cluster, ct);

    public Task<bool> SwitchAsync(Cluster cluster, CancellationToken ct) => For(cluster).SwitchAsync(cluster, ct);

    private IClusterProvider For(Cluster cluster) =>
        providers.TryGetValue(cluster.Provider.Type, out var provider)
            ? provider
            : throw new NotSupportedException($"cluster {cluster.Name} uses provider '{cluster.Provider.Type.ToString().ToLowerInvariant()}', which this bot is not configured for");
}
