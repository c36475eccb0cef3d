using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// A rewritten history of the state branch (someone force-pushed it to an older commit) silently erases the leases
/// committed after that commit. The store notices (the new tip does not contain the last one seen); this logs it loudly
/// and tells each person whose access, still running at the old tip, is no longer recorded at the new one.
/// </summary>
public sealed class HistoryRewriteReconciler(IStateStore store, ILeaseHistory history, TimeProvider clock, ILogger<HistoryRewriteReconciler> logger) : IReconciler
{
    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var messages = new List<OutgoingMessage>();
        foreach (var rewrite in history.TakeRewrites())
        {
            var erased = Erased(rewrite, snapshot, clock.GetUtcNow());
            logger.LogCritical(
                "the history of {Branch} in the config repo was rewritten: its tip {New} does not contain {Old}, the last tip seen; "
                + "leases erased: {Erased}. The lost commits are still reachable from {Old} for whoever rewrote it",
                rewrite.Branch, rewrite.NewTip[..7], rewrite.OldTip[..7], erased.Count == 0 ? "none" : string.Join(", ", erased.Select(e => $"@{e.User} on {e.Cluster}")), rewrite.OldTip[..7]);
            messages.AddRange(erased.Select(e => OutgoingMessage.Direct(e.User, RewriteText(rewrite, e.Cluster, e.Mode))));
        }

        return messages;
    }

    /// <summary>Who had running access at the old tip that the snapshot no longer records (an unreadable file says nothing).</summary>
    private static List<(string Cluster, string User, string Mode)> Erased(HistoryRewrite rewrite, StateSnapshot snapshot, DateTimeOffset now)
    {
        var erased = new List<(string, string, string)>();
        foreach (var old in rewrite.OldLeases.Where(l => snapshot.LeaseProblem(l.Cluster) is null))
        {
            var current = snapshot.Lease(old.Cluster);
            erased.AddRange(old.Holders.Where(h => h.Expires > now && current.HolderOf(h.User) is null)
                .Select(h => (old.Cluster, h.User, h.Mode == AccessMode.ReadOnly ? "read-only" : "read-write")));
            erased.AddRange(old.Readers.Where(r => r.Expires > now && current.ReaderOf(r.User) is null && current.HolderOf(r.User) is null)
                .Select(r => (old.Cluster, r.User, "read-only")));
        }

        return erased;
    }

    private static string RewriteText(HistoryRewrite rewrite, string cluster, string mode) =>
        $"your {mode} lease on {cluster} was removed by a rewrite of the config repo's history: {rewrite.Branch} was force-pushed "
        + $"from {rewrite.OldTip[..7]} to {rewrite.NewTip[..7]}, which does not have it. The bot no longer counts you as holding {cluster}: "
        + $"ask again with `teamcluster request{(mode == "read-only" ? " ro" : "")} {cluster}`, or ask whoever rewrote {rewrite.Branch} to bring {rewrite.OldTip[..7]} back";
}
