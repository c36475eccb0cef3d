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

        var waitable = pool.Where(m => m.Lease.Paused is null).ToList();
        var waits = string.Join(" or ", waitable.Select(m => $"`teamcluster wait {m.Cluster.Name}`"));

        // A plain `wait` joins the line of each of one's teams' clusters, so it is offered only for a plain request.
        var first = version is null && waitable.Count > 1 ? ", or `teamcluster wait` for the first of them to be free" : "";
        return $"all of your teams' {clusters} are taken: {why}"
            + (waits.Length == 0 ? "" : $". Get in line for one with {waits}{first}, or ask a holder with `teamcluster ping CLUSTER`");
    }

    /// <summary>A version none of the actor's teams' clusters runs: the versions they do run.</summary>
    public static string NoVersion(string version, IEnumerable<Cluster> mine) =>
        $"none of your teams' clusters runs OpenShift {version}; they run: {string.Join(", ", mine.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{c.Name} ({c.Version})"))}";

    /// <summary>A read-only request by version whose clusters all keep read-only access to their teams: which, and who can open them.</summary>
    public static string NotOpen(string version, IEnumerable<Cluster> closed, ConfigRepository config) =>
        $"no OpenShift {version} cluster gives you read-only access: "
        + string.Join(", ", closed.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{c.Name} gives it only to team {Teams(c)}"))
        + ". A team's admin can open a cluster to your team with lease.readOnlyFor in its file under clusters/ ("
        + string.Join("; ", closed.Select(c => config.FindTeam(c.Team)).OfType<Team>().DistinctBy(t => t.Name).OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"team {t.Name}: {LeaseReplies.Names(t.Admins)}"))
        + ")";

    private static string Teams(Cluster c) => string.Join(", ", new[] { c.Team }.Concat(c.Lease.ReadOnlyFor?.Teams ?? []));

    private static string Taken(PoolMember m, bool readOnly) =>
        m.Lease.Paused is { } paused ? $"paused by @{paused.By}: {paused.Reason}"
        : m.Lease is { AwaitingRebuild: true, Reprovision: { } asked } ? $"being reprovisioned, as @{asked.By} asked"
        : readOnly && !m.Cluster.Lease.AllowReadOnly ? "no read-only access"
        : m.Lease.Holders.Count > 0 ? $"held by {LeaseReplies.Names(m.Lease.Holders.Select(h => h.User))} until {LeaseReplies.When(m.Lease.Holders.Min(h => h.Expires))}"
        : m.Lease.Offer is { } offer ? $"offered to @{offer.User}, first in line, until {LeaseReplies.When(offer.OfferedUntil)}"
        : "free";
}
