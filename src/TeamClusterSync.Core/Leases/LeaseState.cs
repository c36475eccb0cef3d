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

/// <summary>A <c>ping</c> waiting for a holder's <c>yes</c> or <c>no</c>.</summary>
public sealed record PendingRequest(string User, DateTimeOffset Requested);

/// <summary>
/// The lease of one cluster, as stored in <c>state/leases/&lt;cluster&gt;.yaml</c>: plain data, like a Boskos
/// resource. Lists keep their order (first holder = the one who took the cluster, pending = oldest first).
/// </summary>
public sealed record LeaseState(
    string Cluster,
    IReadOnlyList<Holder> Holders,
    IReadOnlyList<Reader> Readers,
    IReadOnlyList<PendingRequest> Pending)
{
    public static LeaseState Free(string cluster) => new(cluster, [], [], []);

    public bool IsFree => Holders.Count == 0;

    public Holder? HolderOf(string user) =>
        Holders.FirstOrDefault(h => string.Equals(h.User, user, StringComparison.OrdinalIgnoreCase));

    public Reader? ReaderOf(string user) =>
        Readers.FirstOrDefault(r => string.Equals(r.User, user, StringComparison.OrdinalIgnoreCase));

    public PendingRequest? PendingOf(string user) =>
        Pending.FirstOrDefault(p => string.Equals(p.User, user, StringComparison.OrdinalIgnoreCase));

    /// <summary>Structural equality (records compare lists by reference).</summary>
    public bool SameAs(LeaseState other) =>
        Cluster == other.Cluster
        && Holders.SequenceEqual(other.Holders)
        && Readers.SequenceEqual(other.Readers)
        && Pending.SequenceEqual(other.Pending);
}
