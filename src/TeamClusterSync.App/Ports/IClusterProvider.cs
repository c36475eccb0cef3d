using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// Where clusters come from and how credentials are minted: simulated, operator commands, or Hive. Credentials are
/// made at the moment they are handed out and never stored, so no secret ever reaches the config repo.
/// </summary>
public interface IClusterProvider
{
    /// <summary>Credentials for <paramref name="user"/>: admin for read-write, a distinct read-only identity for read-only.</summary>
    Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct);

    /// <summary>Takes back what <see cref="IssueAsync"/> handed out to <paramref name="user"/>, where the provider can.</summary>
    Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct);

    /// <summary>Flushes the cluster and starts a fresh one in its place; every credential issued before is void after.</summary>
    Task ReprovisionAsync(Cluster cluster, CancellationToken ct);

    /// <summary>
    /// The release check, run when the last read-write holder is done: what is off for the next user, in words (for
    /// OpenShift: ClusterVersion <c>spec.overrides</c> set, the cluster-version-operator scaled down); empty when clean.
    /// </summary>
    Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct);

    /// <summary>Puts back what <see cref="CheckAsync"/> finds off: the cluster-version-operator scaled up, ClusterVersion overrides cleared.</summary>
    Task RestoreAsync(Cluster cluster, CancellationToken ct);
}

/// <summary>A kubeconfig to hand to one person, with the identity it authenticates as.</summary>
public sealed record IssuedCredentials(string FileName, string Kubeconfig, string Identity);

/// <summary>One provider serving the clusters whose <c>provider.type</c> is <see cref="Type"/>; adapters register these.</summary>
public sealed record ClusterProviderRegistration(ProviderType Type, IClusterProvider Provider);
