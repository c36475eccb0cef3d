using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Leases that end: reminds holders whose lease ends within the configured <c>reminderBefore</c>, and, where the lease
/// rules' sweep has something to do (a lease ran out, an offer to the first in line lapsed, a ping went unanswered,
/// someone left the team),
/// runs it (one commit per cluster). Reminders keep no state: they rely on running every <see cref="Period"/>.
/// </summary>
public sealed class LeaseExpiryReconciler(IStateStore store, LeaseRunner leases, ConfigCache configs, TimeProvider clock, ILogger<LeaseExpiryReconciler> logger)
    : IReconciler
{
    /// <summary>How often the schedule runs this reconciler; reminders rely on it (see <see cref="LeaseReminders"/>).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        var now = clock.GetUtcNow();
        var messages = new List<OutgoingMessage>();
        foreach (var cluster in config?.Clusters ?? [])
        {
            try
            {
                messages.AddRange(await ReconcileAsync(cluster, config!, snapshot, now, ct));
            }
            catch (FormatException e)
            {
                // One unreadable lease file stops only its own cluster; the others' leases still end on time.
                logger.LogError("lease sweep skipped {Cluster}: {Problem}", cluster.Name, e.Message);
            }
        }

        return messages;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(Cluster cluster, ConfigRepository config, StateSnapshot snapshot, DateTimeOffset now, CancellationToken ct)
    {
        var lease = snapshot.Lease(cluster.Name);
        var messages = LeaseReminders.Due(lease, config.Settings.LeaseDefaults.ReminderBefore, now, Period)
            .Select(holder => OutgoingMessage.Direct(holder.User, $"your lease on {cluster.Name} ends at {LeaseReplies.When(holder.Expires)}: "
                + "use `teamcluster extend` to keep it, or `teamcluster done` to give it back"))
            .ToList();
        // Decided here on the snapshot first, so a quiet minute costs no transaction (and no fetch) per cluster.
        // Access follows membership: whoever left the team loses what they have, once the membership is known whole.
        var team = config.FindTeam(cluster.Team)!;
        var sweep = new LeaseCommand.Expire(EndDeparted: Membership.Known(team, snapshot));
        var outside = Membership.OutsideReadersOf(config, cluster, snapshot);
        if (LeaseEngine.Decide(cluster, Membership.Of(team, snapshot), lease, LeaseEngine.ScheduleActor, sweep, now, outsideReaders: outside).Changed)
        {
            messages.AddRange(await leases.RunAsync(LeaseEngine.ScheduleActor, sweep, cluster.Name, CommitSource.Schedule, ct));
        }

        return messages;
    }
}
