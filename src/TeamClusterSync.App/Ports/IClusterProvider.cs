using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// Where clusters come from and how credentials are minted: simulated, operator commands, or Hive. Credentials are
/// made at the moment they are handed out and never stored, so no secret ever reaches the config repo.
/// </summary>
public interface IClusterProvider
{
    /// <summary>
    /// Credentials for <paramref name="user"/>: admin for read-write, a distinct read-only identity for read-only. A
    /// cluster that is not running yet throws <see cref="ClusterNotReadyException"/> saying where it is.
    /// </summary>
    Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct);

    /// <summary>Takes back what <see cref="IssueAsync"/> handed out to <paramref name="user"/>, where the provider can.</summary>
    Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct);

    /// <summary>
    /// Flushes the cluster and starts a fresh one in its place; every credential issued before is void after. A
    /// provider that builds the new cluster beside the old one (Hive) only starts it here; see <see cref="SwitchAsync"/>.
    /// </summary>
    Task ReprovisionAsync(Cluster cluster, CancellationToken ct);

    /// <summary>
    /// The release check, run when the last read-write holder is done: what is off for the next user, in words (for
    /// OpenShift: ClusterVersion <c>spec.overrides</c> set, the cluster-version-operator scaled down); empty when clean.
    /// </summary>
    Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct);

    /// <summary>Puts back what <see cref="CheckAsync"/> finds off: the cluster-version-operator scaled up, ClusterVersion overrides cleared.</summary>
    Task RestoreAsync(Cluster cluster, CancellationToken ct);

    /// <summary>
    /// Where the cluster is on its way to being usable, for providers whose clusters take time (Hive: claimed,
    /// resuming, running); null for those whose clusters are always ready. Hive claims a cluster when none is claimed.
    /// </summary>
    Task<ClusterStatus?> StatusAsync(Cluster cluster, CancellationToken ct) => Task.FromResult<ClusterStatus?>(null);

    /// <summary>
    /// Puts a running cluster nobody uses to sleep (Hive: <c>spec.powerState: Hibernating</c>); the next
    /// <see cref="IssueAsync"/> wakes it. Providers whose clusters cannot sleep do nothing.
    /// </summary>
    Task HibernateAsync(Cluster cluster, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Make before break: whether the cluster <see cref="ReprovisionAsync"/> started beside the old one runs, ready to
    /// take its place. Providers that rebuild in place: false.
    /// </summary>
    Task<bool> RebuildRunsAsync(Cluster cluster, CancellationToken ct) => Task.FromResult(false);

    /// <summary>
    /// Make before break: once the cluster <see cref="ReprovisionAsync"/> started beside the old one runs, retires the
    /// old one and returns true (called once nobody holds the cluster). Providers that rebuild in place: false.
    /// </summary>
    Task<bool> SwitchAsync(Cluster cluster, CancellationToken ct) => Task.FromResult(false);
}

/// <summary>
/// What the provider says about a cluster now: its phase with the provider's own reason and words (Hive's condition
/// <c>reason</c> and <c>message</c>), and once it runs, its console and API URLs (each Hive claim is a new cluster).
/// </summary>
public sealed record ClusterStatus(PhaseKind Phase, string Reason, string Message, string? ConsoleUrl = null, string? ApiUrl = null);

/// <summary>Credentials were asked of a cluster that does not run yet; <see cref="Status"/> says where it is.</summary>
public sealed class ClusterNotReadyException(string cluster, ClusterStatus status)
    : InvalidOperationException($"cluster {cluster} is not running yet ({status.Phase.ToString().ToLowerInvariant()}: {status.Reason})")
{
    public ClusterStatus Status { get; } = status;
}

/// <summary>A kubeconfig to hand to one person, with the identity it authenticates as.</summary>
public sealed record IssuedCredentials(string FileName, string Kubeconfig, string Identity);

/// <summary>One provider serving the clusters whose <c>provider.type</c> is <see cref="Type"/>; adapters register these.</summary>
public sealed record ClusterProviderRegistration(ProviderType Type, IClusterProvider Provider);
