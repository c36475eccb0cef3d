using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Messages;

/// <summary>What a <c>request</c> without a name hears when none of the actor's teams' clusters can be taken.</summary>
internal static class PoolText
{
    /// <summary>Each cluster with why it cannot be taken, and the line of each offered.</summary>
    public static string NoneFree(IReadOnlyList<PoolMember> pool, bool readOnly, string? version = null)
    {
        var clusters = version is null ? "clusters" : $"OpenShift {version} clusters";
        var why = string.Join(", ", pool.Select(m => $"{m.Cluster.Name} ({Taken(m, readOnly)})"));
        if (readOnly)
        {
            return $"none of your teams' {clusters} gives read-only access now: {why}";
        }

        var waits = string.Join(" or ", pool.Where(m => m.Lease.Paused is null).Select(m => $"`teamcluster wait {m.Cluster.Name}`"));
        return $"all of your teams' {clusters} are taken: {why}"
            + (waits.Length == 0 ? "" : $". Get in line for one with {waits}, or ask a holder with `teamcluster ping CLUSTER`");
    }

    /// <summary>A version none of the actor's teams' clusters runs: the versions they do run.</summary>
    public static string NoVersion(string version, IEnumerable<Cluster> mine) =>
        $"none of your teams' clusters runs OpenShift {version}; they run: {string.Join(", ", mine.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{c.Name} ({c.Version})"))}";

    private static string Taken(PoolMember m, bool readOnly) =>
        m.Lease.Paused is { } paused ? $"paused by @{paused.By}: {paused.Reason}"
        : readOnly && !m.Cluster.Lease.AllowReadOnly ? "no read-only access"
        : m.Lease.Holders.Count > 0 ? $"held by {LeaseReplies.Names(m.Lease.Holders.Select(h => h.User))} until {LeaseReplies.When(m.Lease.Holders.Min(h => h.Expires))}"
        : m.Lease.Offer is { } offer ? $"offered to @{offer.User}, first in line, until {LeaseReplies.When(offer.OfferedUntil)}"
        : "free";
}
