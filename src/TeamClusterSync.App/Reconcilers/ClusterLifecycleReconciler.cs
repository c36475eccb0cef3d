using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Reprovisioning on each cluster's cadence: a cluster first seen is recorded as provisioned now; one whose cron time
/// has come is flushed when free, or when its policy forces it (holders are released first and told); a deferred
/// one warns its holders once, when it falls due. The <see cref="ReprovisionPlanner"/> decides. A cluster its last
/// holder left dirty is rebuilt as soon as it is free, when its policy says so, schedule or not; one a team admin asked
/// to reprovision is planned as if its schedule had fallen due when they asked.
/// </summary>
public sealed class ClusterLifecycleReconciler(
    IStateStore store, IClusterProvider provider, LeaseRunner leases, ConfigCache configs, TimeProvider clock, ILogger<ClusterLifecycleReconciler> logger)
    : IReconciler
{
    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        var messages = new List<OutgoingMessage>();
        foreach (var cluster in config?.Clusters ?? [])
        {
            // A cluster whose lease file cannot be read waits for its repair (LeaseRepairReconciler); the others go on.
            if (snapshot.LeaseProblem(cluster.Name) is null)
            {
                messages.AddRange(await ReconcileAsync(cluster, snapshot, ct));
            }
        }

        return messages;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(Cluster cluster, StateSnapshot snapshot, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = snapshot.Lease(cluster.Name);
        if (snapshot.Record(cluster.Name) is { LastRelease.Outcome: ReleaseOutcome.Dirty } dirty && lease.IsFree && cluster.Reprovision.ReprovisionWhenDirty)
        {
            return await ReprovisionAsync(cluster, dirty, lease.Reprovision, "left dirty", ct);
        }

        if (lease.Reprovision is { } asked)
        {
            // Already rebuilt for it (a crash or another replica came between the rebuild and settling the request):
            // settle it; else plan the rebuild as if the schedule had fallen due when the admin asked.
            return snapshot.Record(cluster.Name)?.RebuiltAsAskedAt == asked.Since
                ? await leases.RunAsync(LeaseEngine.ScheduleActor, new LeaseCommand.Rebuilt(), cluster.Name, CommitSource.Schedule, ct)
                : await DueAsync(cluster, snapshot.Record(cluster.Name), lease, asked, ct);
        }

        if (cluster.Reprovision.Schedule is null)
        {
            return [];
        }

        if (snapshot.Record(cluster.Name) is not { } record)
        {
            await store.RecordClusterAsync(new ClusterRecord(cluster.Name, 1, now), null, $"cluster: {cluster.Name} first seen by the schedule", CommitSource.Schedule, ct: ct);
            return [];
        }

        return await DueAsync(cluster, record, lease, null, ct);
    }

    /// <summary>Plans the rebuild as if due on the schedule or, when a team admin asked for it (<paramref name="asked"/>), when they asked.</summary>
    private async Task<IReadOnlyList<OutgoingMessage>> DueAsync(Cluster cluster, ClusterRecord? record, LeaseState lease, ReprovisionRequest? asked, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = asked?.Since ?? Schedules.NextAfter(cluster.Reprovision.Schedule!, record!.ProvisionedAt);
        var decision = ReprovisionPlanner.Decide(cluster.Reprovision, lease, due, now);
        if (decision.Action == ReprovisionAction.Defer && due is { } dueAt && now < dueAt + LeaseExpiryReconciler.Period)
        {
            return [.. lease.Holders.Select(h => OutgoingMessage.Direct(h.User,
                $"{cluster.Name} was due for reprovisioning at {LeaseReplies.When(dueAt)}; it waits until you are done"
                + (decision.ForcedAt is { } forced ? $", but no later than {LeaseReplies.When(forced)}" : "")))];
        }

        if (decision.Action != ReprovisionAction.Now)
        {
            return [];
        }

        return await ReprovisionAsync(cluster, record, asked, asked is null ? decision.Reason : $"asked by @{asked.By}: {asked.Reason}", ct);
    }

    /// <param name="record">Null for a cluster without a schedule that was never rebuilt: its first rebuild is generation 1.</param>
    /// <param name="asked">The team admin's request this rebuild settles, if any: named in the record, then settled in the lease.</param>
    private async Task<IReadOnlyList<OutgoingMessage>> ReprovisionAsync(
        Cluster cluster, ClusterRecord? record, ReprovisionRequest? asked, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var messages = await leases.RunAsync(LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim(), cluster.Name, CommitSource.Schedule, ct);

        // Claim the rebuild in git before touching the cluster: of several replicas, only the one whose record commit
        // lands rebuilds it. A crash after the commit skips one rebuild; it never destroys a cluster twice.
        var fresh = record is null ? new ClusterRecord(cluster.Name, 1, now) : record with { Generation = record.Generation + 1, ProvisionedAt = now, LastRelease = null };
        var next = fresh with { RebuiltAsAskedAt = asked?.Since };
        var subject = $"cluster: {cluster.Name} reprovisioned ({reason}), generation {next.Generation}";
        if (await store.RecordClusterAsync(next, record, subject, CommitSource.Schedule, ct: ct) is not null)
        {
            await provider.ReprovisionAsync(cluster, ct);
            logger.LogInformation("reprovisioned {Cluster} ({Reason})", cluster.Name, reason);
            TeamClusterSyncMetrics.Reprovisions.Add(1, TeamClusterSyncMetrics.Tag("cluster", cluster.Name));

            if (asked is not null)
            {
                // The admin's request, kept through the reclaim so that a crash before this point leaves it to do, is
                // settled now; should this commit not land, the next sweep finds the record naming it and settles it.
                messages = [.. messages, .. await leases.RunAsync(LeaseEngine.ScheduleActor, new LeaseCommand.Rebuilt(), cluster.Name, CommitSource.Schedule, ct)];
            }
        }

        return messages;
    }
}
