using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Lease files a human commit left unreadable: each is restored to its last readable revision with a commit that names
/// the commit that broke it (authored by the bot), and the holders of that revision and the team channel are told. Until
/// then only that cluster is affected: the others are leased, swept and shown as usual.
/// </summary>
public sealed class LeaseRepairReconciler(IStateStore store, ILeaseHistory history, ConfigCache configs, ILogger<LeaseRepairReconciler> logger) : IReconciler
{
    /// <summary>The commits' <c>Action:</c>.</summary>
    public const string Action = "restore";

    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        var messages = new List<OutgoingMessage>();
        foreach (var (cluster, problem) in snapshot.BrokenLeases())
        {
            var channel = config?.FindCluster(cluster) is { } known ? config.FindTeam(known.Team)?.SlackChannel : null;
            messages.AddRange(await RestoreAsync(cluster, problem, channel, ct));
        }

        return messages;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> RestoreAsync(string cluster, string problem, string? channel, CancellationToken ct)
    {
        if (await history.LastReadableLeaseAsync(cluster, ct) is not { } restored)
        {
            return [];
        }

        // Written only if the file is still unreadable on the tip the push lands on: a fix by a person wins.
        var result = await store.TransactAsync(
            s => new Transaction<bool>(true, s.LeaseProblem(cluster) is null ? null
                : new StateChange(restored.State, BrokenLeaseText.Subject(cluster, restored), LeaseEngine.ScheduleActor, Action, problem)),
            CommitSource.Schedule,
            ct);
        if (result.CommitId is not { } commit)
        {
            return [];
        }

        logger.LogError(
            "{Cluster}: commit {Broken} left the lease file unreadable ({Problem}); restored its last readable revision ({Commit})",
            cluster, restored.BrokenCommit[..7], problem, commit[..7]);
        var messages = restored.State.Holders.Select(h => h.User).Concat(restored.State.Readers.Select(r => r.User))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(user => OutgoingMessage.Direct(user, BrokenLeaseText.ToHolder(cluster, problem, restored)))
            .ToList();
        if (channel is not null)
        {
            messages.Add(new OutgoingMessage(new Recipient.Channel(channel), BrokenLeaseText.ToChannel(cluster, problem, restored)));
        }

        return messages;
    }
}
