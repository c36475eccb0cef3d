using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Leases;

/// <summary>One cluster a plain <c>request</c> may take: its spec, its lease, and its lifecycle record (null before the first).</summary>
public sealed record PoolMember(Cluster Cluster, LeaseState Lease, ClusterRecord? Record);

/// <summary>
/// Which of several clusters a <c>request</c> without a name takes, as Boskos hands out any free resource of a type.
/// The preference, in order: one the actor already has (asking again re-sends its kubeconfig), one offered to the
/// actor, the one the actor released last, then the least recently provisioned (the one whose rebuild is nearest,
/// so fresh clusters are kept for later); ties keep the pool's order. Read-write takes only a free cluster that is
/// not paused, waiting for a rebuild nor offered to someone else; read-only any not paused cluster that offers it (and is
/// not free and waiting for a rebuild).
/// </summary>
public static class LeasePool
{
    public static Cluster? Pick(IEnumerable<PoolMember> pool, string actor, bool readOnly) =>
        pool.Where(m => Takes(m, actor, readOnly))
            .OrderBy(m => Has(m.Lease, actor, readOnly) ? 0 : OfferedTo(m.Lease, actor) ? 1 : 2)
            .ThenByDescending(m => m.Record?.LastRelease is { } last && Same(last.By, actor) ? last.At : DateTimeOffset.MinValue)
            .ThenBy(m => m.Record?.ProvisionedAt ?? DateTimeOffset.MinValue)
            .Select(m => m.Cluster)
            .FirstOrDefault();

    private static bool Takes(PoolMember m, string actor, bool readOnly)
    {
        if (Has(m.Lease, actor, readOnly))
        {
            return true;
        }

        return m.Lease.Paused is null && !m.Lease.AwaitingRebuild
            && (readOnly ? m.Cluster.Lease.AllowReadOnly : m.Lease.IsFree && (m.Lease.Offer is null || OfferedTo(m.Lease, actor)));
    }

    private static bool Has(LeaseState lease, string actor, bool readOnly) =>
        lease.HolderOf(actor) is not null || (readOnly && lease.ReaderOf(actor) is not null);

    private static bool OfferedTo(LeaseState lease, string actor) => lease.Offer is { } offer && Same(offer.User, actor);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
