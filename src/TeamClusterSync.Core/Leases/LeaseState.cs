namespace TeamClusterSync.Core.Leases;

public enum AccessMode
{
    ReadWrite,
    ReadOnly,
}

/// <summary>Someone with read-write (admin) access to the cluster until <see cref="Expires"/>.</summary>
public sealed record Holder(string User, AccessMode Mode, DateTimeOffset Since, DateTimeOffset Expires);

/// <summary>Someone with read-only credentials, granted without asking the holder.</summary>
public sealed record Reader(string User, DateTimeOffset Since, DateTimeOffset Expires);

/// <summary>
/// A <c>ping</c> waiting for a holder's <c>yes</c> or <c>no</c>. <see cref="TimedOut"/> is when it went unanswered for the
/// cluster's <c>pingTimeout</c> (the requester was told and the holders reminded, once); it stays open for an answer.
/// </summary>
public sealed record PendingRequest(string User, DateTimeOffset Requested, DateTimeOffset? TimedOut = null);

/// <summary>
/// Someone in the cluster's line since <see cref="Since"/>. Only the first in line of a free cluster is offered it, until
/// <see cref="OfferedUntil"/>; during that window the cluster is theirs to take and nobody else's. With
/// <see cref="AnyOf"/>, they wait for the first free of their teams' clusters (a <c>wait</c> without a name): once one
/// is offered to them, they leave the other lines.
/// </summary>
public sealed record Waiter(string User, DateTimeOffset Since, DateTimeOffset? OfferedUntil = null, bool AnyOf = false);

/// <summary>A team admin's <c>pause</c>: no new access to the cluster since <see cref="Since"/>, for <see cref="Reason"/>.</summary>
public sealed record Pause(string By, string Reason, DateTimeOffset Since);

/// <summary>
/// A team admin's <c>reprovision</c>, asked at <see cref="Since"/> for <see cref="Reason"/>: the lifecycle sweep rebuilds
/// the cluster as if its schedule had fallen due then. While it waits on a free cluster, nobody gets new access.
/// </summary>
public sealed record ReprovisionRequest(string By, string Reason, DateTimeOffset Since);

/// <summary>
/// The lease of one cluster, as stored in <c>state/leases/&lt;cluster&gt;.yaml</c>: plain data, like a Boskos
/// resource. Lists keep their order (first holder = the one who took the cluster, pending = oldest first, the line
/// = first come, first served).
/// </summary>
public sealed record LeaseState(
    string Cluster,
    IReadOnlyList<Holder> Holders,
    IReadOnlyList<Reader> Readers,
    IReadOnlyList<PendingRequest> Pending)
{
    public static LeaseState Free(string cluster) => new(cluster, [], [], []);

    /// <summary>Who waits for the cluster to be free, first first.</summary>
    public IReadOnlyList<Waiter> Line { get; init; } = [];

    /// <summary>Set while a team admin holds the cluster out of use; null otherwise.</summary>
    public Pause? Paused { get; init; }

    /// <summary>Set from a team admin's <c>reprovision</c> until the cluster is rebuilt; null otherwise.</summary>
    public ReprovisionRequest? Reprovision { get; init; }

    public bool IsFree => Holders.Count == 0;

    /// <summary>Somebody holds or reads the cluster: what a rebuild waits for.</summary>
    public bool HeldOrRead => !IsFree || Readers.Count > 0;

    /// <summary>Somebody holds the cluster, reads it or waits for a holder's answer: whom a reclaim would reach.</summary>
    public bool InUse => HeldOrRead || Pending.Count > 0;

    /// <summary>Free, but waiting for the rebuild a team admin asked for: it grants nothing and is offered to nobody.</summary>
    public bool AwaitingRebuild => IsFree && Reprovision is not null;

    /// <summary>
    /// The same with an offer made withdrawn, its taker kept first in line (a lapse would drop them): for a cluster
    /// held out of use before it is taken.
    /// </summary>
    public LeaseState WithoutOffer() => this with { Line = [.. Line.Select(w => w with { OfferedUntil = null })] };

    /// <summary>The first in line while the cluster is offered to them, else null.</summary>
    public Waiter? Offer => Line.Count > 0 && Line[0].OfferedUntil is not null ? Line[0] : null;

    public Waiter? WaiterOf(string user) =>
        Line.FirstOrDefault(w => string.Equals(w.User, user, StringComparison.OrdinalIgnoreCase));

    public Holder? HolderOf(string user) =>
        Holders.FirstOrDefault(h => string.Equals(h.User, user, StringComparison.OrdinalIgnoreCase));

    public Reader? ReaderOf(string user) =>
        Readers.FirstOrDefault(r => string.Equals(r.User, user, StringComparison.OrdinalIgnoreCase));

    public PendingRequest? PendingOf(string user) =>
        Pending.FirstOrDefault(p => string.Equals(p.User, user, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether <paramref name="user"/> may <c>restore</c> the cluster (scale the cluster-version-operator back up,
    /// clear overrides): a holder, or any team member while nobody holds it; never someone else's cluster in use.
    /// </summary>
    public bool MayRestore(string user) => IsFree || HolderOf(user) is not null;

    /// <summary>Structural equality (records compare lists by reference).</summary>
    public bool SameAs(LeaseState other) =>
        Cluster == other.Cluster
        && Holders.SequenceEqual(other.Holders)
        && Readers.SequenceEqual(other.Readers)
        && Pending.SequenceEqual(other.Pending)
        && Line.SequenceEqual(other.Line)
        && Paused == other.Paused
        && Reprovision == other.Reprovision;
}
