using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Ready when the provider is: every minute, asks each cluster's provider where the cluster is (Hive: claimed,
/// resuming, running, hibernating, failed) and records changes in <c>state/clusters/&lt;cluster&gt;.yaml</c>. Once it
/// runs, whoever was granted it before is sent the console URL and credentials; when a problem starts (the pool is
/// empty, Hive gave up), they and the team channel are told in Hive's words. A running cluster nobody has held,
/// read or asked for during its <c>provider.hive.hibernateAfter</c> is hibernated, and a rebuild started beside it
/// (make before break) takes its place once it runs and nobody uses the cluster. Providers whose clusters are always
/// ready report nothing and are left alone.
/// </summary>
public sealed class ClusterReadinessReconciler(
    IStateStore store, IClusterProvider provider, ClusterPhases phases, LeaseRunner leases, ConfigCache configs, TimeProvider clock, ILogger<ClusterReadinessReconciler> logger)
    : IReconciler
{
    private readonly ClusterUsage usage = new();

    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        // One snapshot for the sweep; a cluster reads again only after a write of its own (kept in memory by the store).
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        var messages = new List<OutgoingMessage>();
        foreach (var cluster in config?.Clusters ?? [])
        {
            try
            {
                messages.AddRange(await ReconcileAsync(cluster, config!.FindTeam(cluster.Team), snapshot, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One cluster's provider or file trouble stops only that cluster; the next minute tries again.
                logger.LogError("readiness sweep skipped {Cluster}: {Problem}", cluster.Name, e.Message);
            }
        }

        return messages;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(Cluster cluster, Team? team, StateSnapshot snapshot, CancellationToken ct)
    {
        var inUse = snapshot.Lease(cluster.Name).InUse;
        var (switching, released) = await SwitchingAsync(cluster, snapshot.Record(cluster.Name), inUse, ct);
        if (released.Count > 0)
        {
            inUse = (await store.ReadAsync(ct)).Lease(cluster.Name).InUse;
        }

        var switched = switching && !inUse && await provider.SwitchAsync(cluster, ct);
        if (await provider.StatusAsync(cluster, ct) is not { } status)
        {
            return released;
        }

        var change = await phases.RecordAsync(cluster, status, [], CommitSource.Schedule, ct);
        List<OutgoingMessage> messages = [.. released, .. change is null ? [] : await OnChangeAsync(cluster, team, change, ct)];
        if (switched)
        {
            logger.LogInformation("{Cluster} switched to its rebuilt cluster {Console}", cluster.Name, status.ConsoleUrl);
            messages.AddRange(ChannelNotice(team, $"{cluster.Name} was rebuilt: the new cluster runs at {status.ConsoleUrl ?? cluster.Name}, and Hive deletes the old one"));
        }

        messages.AddRange(await HibernateIfIdleAsync(cluster, team, status, inUse, ct));
        return messages;
    }

    /// <summary>
    /// Whether a rebuild started beside the cluster runs, ready to take its place: once nobody uses the cluster, or per
    /// <c>whenLeased</c>, in which case its holders are released and told first (the messages returned).
    /// </summary>
    private async Task<(bool Switching, IReadOnlyList<OutgoingMessage> Released)> SwitchingAsync(Cluster cluster, ClusterRecord? record, bool inUse, CancellationToken ct)
    {
        if (!await provider.RebuildRunsAsync(cluster, ct))
        {
            return (false, []);
        }

        return inUse && MustSwitch(cluster, record)
            ? (true, await leases.RunAsync(LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim(), cluster.Name, CommitSource.Schedule, ct))
            : (true, []);
    }

    private async Task<IReadOnlyList<OutgoingMessage>> HibernateIfIdleAsync(Cluster cluster, Team? team, ClusterStatus status, bool inUse, CancellationToken ct)
    {
        var idle = usage.Observe(cluster.Name, status.Phase, inUse, clock.GetUtcNow());
        if (cluster.Provider.Hive?.HibernateAfter is not { } after || status.Phase != PhaseKind.Running || idle < after)
        {
            return [];
        }

        await provider.HibernateAsync(cluster, ct);
        logger.LogInformation("hibernating {Cluster}: unused for {Idle}", cluster.Name, idle);
        return ChannelNotice(team, $"nobody used {cluster.Name} for {DurationFormat.Format(after)}, so Hive hibernates it to save money; "
            + "the next `teamcluster request` resumes it (usually 2-5 minutes)");
    }

    /// <summary>With <c>whenLeased: force</c> at once; with <c>defer</c>, once <c>forceAfter</c> has passed since the rebuild began.</summary>
    private bool MustSwitch(Cluster cluster, ClusterRecord? record) =>
        cluster.Reprovision.WhenLeased == WhenLeased.Force
        || (cluster.Reprovision.ForceAfter is { } force && record is not null && clock.GetUtcNow() - record.ProvisionedAt >= force);

    private static IReadOnlyList<OutgoingMessage> ChannelNotice(Team? team, string text) =>
        team?.SlackChannel is { } channel ? [new(new Recipient.Channel(channel), text)] : [];

    private async Task<IReadOnlyList<OutgoingMessage>> OnChangeAsync(Cluster cluster, Team? team, PhaseChange change, CancellationToken ct)
    {
        var phase = change.After.Phase!;
        logger.LogInformation("{Cluster} is {Phase} ({Reason})", cluster.Name, phase.Kind, phase.Reason);
        var owed = change.Before?.Awaiting ?? [];
        return phase.Kind == PhaseKind.Running ? await SendOwedAsync(cluster, change.After, owed, ct)
            : change.ProblemStarted ? PhaseText.ProblemNotices(cluster, team, phase, owed)
            : [];
    }

    /// <summary>The console URL and a kubeconfig for each person still holding or reading the cluster they were granted before it ran.</summary>
    private async Task<IReadOnlyList<OutgoingMessage>> SendOwedAsync(Cluster cluster, ClusterRecord record, IReadOnlyList<string> owed, CancellationToken ct)
    {
        var lease = (await store.ReadAsync(ct)).Lease(cluster.Name);
        var messages = new List<OutgoingMessage>();
        foreach (var user in owed)
        {
            var (mode, expires) = lease.HolderOf(user) is { } holder ? (AccessMode.ReadWrite, holder.Expires)
                : lease.ReaderOf(user) is { } reader ? (AccessMode.ReadOnly, reader.Expires)
                : (default(AccessMode?), default(DateTimeOffset));
            if (mode is { } access)
            {
                messages.AddRange(await ReadyAsync(cluster, record, user, access, expires, ct));
            }
        }

        return messages;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> ReadyAsync(
        Cluster cluster, ClusterRecord record, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct)
    {
        var text = $"cluster {PhaseText.Console(cluster, record)} is ready: Hive has it running";
        var after = mode == AccessMode.ReadWrite
            ? $"use `teamcluster done` when you're done (your lease runs until {LeaseReplies.When(expires)})"
            : "You requested read-only access, please avoid changing the cluster";
        try
        {
            var issued = await provider.IssueAsync(cluster, user, mode, expires, ct);
            return [new(new Recipient.User(user), text, new Attachment(issued.FileName, issued.Kubeconfig)), OutgoingMessage.Direct(user, after)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "provider failed issuing owed credentials on {Cluster}", cluster.Name);
            return [OutgoingMessage.Direct(user, text + "\n" + LeaseReplies.NotIssued),
                OutgoingMessage.Direct(user, after)];
        }
    }
}
