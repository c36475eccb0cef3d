using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Credentials;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// Carries out one lease command, for chat and reconcilers alike: the <see cref="LeaseEngine"/> decides inside a
/// state store transaction (so the decision is made again on the new state if another writer won), credentials are
/// minted or revoked only once the change is stored, and the replies say only what the store recorded. A grant whose
/// credentials cannot be minted is taken back at once (a second commit), so nobody holds a cluster they cannot use,
/// and the person hears the provider's reason and what to run to try again.
/// </summary>
public sealed class LeaseRunner(
    IStateStore store,
    IClusterProvider provider,
    ReleaseChecks releaseChecks,
    ClusterPhases phases,
    ConfigCache configs,
    IReplyOutbox outbox,
    TimeProvider clock,
    ILogger<LeaseRunner> logger)
{
    /// <summary>Runs <paramref name="command"/> from <paramref name="actor"/> on the named cluster, or the one the actor can only mean.</summary>
    public async Task<IReadOnlyList<OutgoingMessage>> RunAsync(
        string actor, LeaseCommand command, string? cluster, CommitSource source, CancellationToken ct)
    {
        // Every line logged for this command carries who asked what, and once decided, of which cluster (fields in JSON logs).
        using var scope = logger.BeginScope("{Actor} {Command}", actor, command.Action);
        var ahead = await LookAheadAsync(actor, command, cluster, ct);
        var result = await store.TransactAsync(snapshot => Decide(snapshot, actor, command, cluster, ahead: ahead), source, ct);
        if (result.Value is not Decided decided)
        {
            return [OutgoingMessage.Direct(actor, ((Problem)result.Value).Text)];
        }

        if (result.CommitId is { } commit)
        {
            using var resolved = logger.BeginScope("{Cluster}", decided.Cluster.Name);
            logger.LogInformation("{Summary} ({Commit}, {Attempts} attempt(s))", decided.Decision.Summary, commit[..7], result.Attempts);
            Promise(commit, decided);
            if (decided.Checked is { } recorded)
            {
                ReleaseChecks.Recorded(decided.Cluster, recorded);
            }
        }

        var carried = await CarryOutAsync(decided, ct);
        var undone = await RevertUnusableGrantsAsync(decided, carried.Failures, source, ct);
        var (notReady, problem) = await OweAsync(decided, carried, source, ct);
        var check = decided.Decision.Effects.OfType<Effect.CheckRelease>().FirstOrDefault() is { } release
            ? decided.Checked ?? await releaseChecks.CheckAsync(decided.Cluster, release.By, source, ct, ahead?.For(decided.Cluster.Name, release.By))
            : null;
        var replies = new LeaseReplies(decided.Shown, decided.Team, decided.Before, carried.Credentials, check, undone.Reasons, notReady)
        {
            GlobalAdmins = decided.GlobalAdmins,
        }.Render(decided.Decision);
        var left = result.CommitId is null ? [] : await LeaveOtherLinesAsync(decided, source, ct);
        return [.. new[] { replies, undone.Replies, problem }.SelectMany(r => r).Select(r => r with { Commit = result.CommitId }), .. left];
    }

    /// <summary>
    /// Whom this decision newly offered the cluster, having waited for the first free of several clusters, leaves the
    /// other lines they joined that way: the schedule's commit on each, and they are told.
    /// </summary>
    private async Task<IReadOnlyList<OutgoingMessage>> LeaveOtherLinesAsync(Decided decided, CommitSource source, CancellationToken ct)
    {
        if (decided.Decision.State.Offer is not { AnyOf: true } offer || decided.Before.Offer?.User == offer.User)
        {
            return [];
        }

        var snapshot = await store.ReadAsync(ct);
        var others = configs.Get(snapshot, out _)?.Clusters
            .Where(c => c.Name != decided.Cluster.Name && snapshot.LeaseProblem(c.Name) is null && snapshot.Lease(c.Name).WaiterOf(offer.User) is { AnyOf: true })
            .ToList() ?? [];
        var messages = new List<OutgoingMessage>();
        foreach (var other in others)
        {
            messages.AddRange(await RunAsync(LeaseEngine.ScheduleActor, new LeaseCommand.Leave(offer.User, decided.Cluster.Name), other.Name, source, ct));
        }

        return messages;
    }

    /// <summary>
    /// Saves what the commit promised before anything slow happens (minting, the release check, delivery): the
    /// replies as they read when no credentials could be sent yet, which point to <c>teamcluster auth</c>. If this
    /// process dies before delivering, the next one sends these.
    /// </summary>
    private void Promise(string commit, Decided decided)
    {
        var unsent = decided.Decision.Effects.OfType<Effect.IssueCredentials>()
            .ToDictionary(i => LeaseReplies.CredentialKey(i.User, i.Mode), _ => (Attachment?)null);
        var promised = new LeaseReplies(decided.Shown, decided.Team, decided.Before, unsent) { GlobalAdmins = decided.GlobalAdmins }.Render(decided.Decision);
        outbox.Save(commit, [.. promised.Select(r => r with { Commit = commit })]);
    }

    /// <summary>
    /// Takes back each access this decision newly granted whose credentials failed (a re-issue of access already held
    /// keeps it: `teamcluster auth` can try again). Returns the reasons by credential key, and the replies of the
    /// taking back (a freed cluster offered to the line, pings told it is free).
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, string> Reasons, IReadOnlyList<OutgoingMessage> Replies)> RevertUnusableGrantsAsync(
        Decided decided, Dictionary<string, ProviderFailure> failures, CommitSource source, CancellationToken ct)
    {
        var reasons = new Dictionary<string, string>();
        var replies = new List<OutgoingMessage>();
        foreach (var issue in decided.Decision.Effects.OfType<Effect.IssueCredentials>())
        {
            var key = LeaseReplies.CredentialKey(issue.User, issue.Mode);
            if (!failures.TryGetValue(key, out var failure) || Since(decided.Before, issue) is not null || Since(decided.Decision.State, issue) is not { } since)
            {
                continue;
            }

            reasons[key] = failure.Said;
            var revert = new LeaseCommand.Revert(issue.User, issue.Mode, since);
            var result = await store.TransactAsync(snapshot => Decide(snapshot, LeaseEngine.ScheduleActor, revert, decided.Cluster.Name, failure.Summary), source, ct);
            if (result.Value is Decided reverted && reverted.Decision.Changed)
            {
                logger.LogWarning("{Summary}: {Reason}", reverted.Decision.Summary, failure.Said);
                var revertCredentials = (await CarryOutAsync(reverted, ct)).Credentials;
                // The channel never heard of the grant, so it hears nothing of its taking back either.
                replies.AddRange(new LeaseReplies(reverted.Cluster, reverted.Team, reverted.Before, revertCredentials).Render(reverted.Decision)
                    .Where(m => m.To is Recipient.User));
            }
        }

        return (reasons, replies);
    }

    private static DateTimeOffset? Since(LeaseState state, Effect.IssueCredentials issue) =>
        issue.Mode == AccessMode.ReadWrite ? state.HolderOf(issue.User)?.Since : state.ReaderOf(issue.User)?.Since;

    /// <summary>
    /// For a <c>done</c> that will release the cluster (as the shared snapshot has it), the release check starts now and
    /// gets <see cref="ReleaseChecks.WithRelease"/> to finish: a quick one is committed with the release, in one push.
    /// </summary>
    private async Task<LookAhead?> LookAheadAsync(string actor, LeaseCommand command, string? named, CancellationToken ct)
    {
        if (command is not LeaseCommand.Done
            || Decide(await store.ReadAsync(ct), actor, command, named).Value is not Decided decided
            || !decided.Decision.Effects.OfType<Effect.CheckRelease>().Any())
        {
            return null;
        }

        var look = releaseChecks.LookAsync(decided.Cluster, actor, ct);
        if (!look.IsCompleted)
        {
            using var waited = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(look, Task.Delay(ReleaseChecks.WithRelease, clock, waited.Token));
            await waited.CancelAsync();
        }

        return new LookAhead(decided.Cluster.Name, actor, look);
    }

    /// <summary>Pure with respect to the snapshot (a look ahead counts once it is done): the store may call it again on a newer one.</summary>
    private Transaction<Outcome> Decide(StateSnapshot snapshot, string actor, LeaseCommand command, string? named, string? reason = null, LookAhead? ahead = null)
    {
        var config = configs.Get(snapshot, out var configProblem);
        if (config is null)
        {
            return new(new Problem(configProblem!), null);
        }

        var (cluster, problem) = ClusterResolver.Resolve(config, snapshot, actor, command, named);
        if (cluster is null)
        {
            return new(new Problem(problem!), null);
        }

        if (snapshot.LeaseProblem(cluster.Name) is { } unreadable)
        {
            return new(new Problem(BrokenLeaseText.ForCommand(cluster.Name, unreadable)), null);
        }

        var team = config.FindTeam(cluster.Team)!;
        var before = snapshot.Lease(cluster.Name);
        var decision = LeaseEngine.Decide(cluster, Membership.Of(team, snapshot), before, actor, command, clock.GetUtcNow(), Membership.AdminsOf(config, team),
            Membership.OutsideReadersOf(config, cluster, snapshot));
        var change = decision.Changed ? new StateChange(decision.State, decision.Summary!, actor, command.Action, decision.Reason ?? reason) : null;
        var check = decision.Effects.OfType<Effect.CheckRelease>().FirstOrDefault() is { } release ? ahead?.Done(cluster.Name, release.By) : null;
        return new(
            new Decided(cluster, team, before, decision, snapshot.Record(cluster.Name), check) { GlobalAdmins = config.Settings.Admins },
            change,
            check is null ? null : ReleaseChecks.Change(cluster, check, snapshot.Record(cluster.Name)));
    }

    /// <summary>
    /// Credentials for a cluster that does not run yet are owed, not failed (the grant stands): recorded, and sent by
    /// the minute sweep once it runs. Returns what the provider is doing, for the reply, and the team channel's notice
    /// when this is where a problem (an empty pool, a failed start) starts.
    /// </summary>
    private async Task<(string? NotReady, IReadOnlyList<OutgoingMessage> Problem)> OweAsync(Decided decided, CarriedOut carried, CommitSource source, CancellationToken ct)
    {
        if (carried.Waiting is not { } waiting)
        {
            return (null, []);
        }

        var change = await phases.RecordAsync(decided.Cluster, waiting, carried.Owed, source, ct);
        var problem = change is { ProblemStarted: true } ? PhaseText.ProblemNotices(decided.Cluster, decided.Team, change.After.Phase!, []) : [];
        return (PhaseText.Waiting(decided.Cluster, waiting), problem);
    }

    /// <summary>
    /// Mints and revokes credentials for a stored decision; a provider failure is reported, never hidden: the
    /// credentials of a failed issue are null, and its reason (the provider's first words, secrets scrubbed) is kept.
    /// A cluster that does not run yet is no failure: its credentials are owed.
    /// </summary>
    private async Task<CarriedOut> CarryOutAsync(Decided decided, CancellationToken ct)
    {
        var credentials = new Dictionary<string, Attachment?>();
        var failures = new Dictionary<string, ProviderFailure>();
        var owed = new List<string>();
        ClusterStatus? waiting = null;
        foreach (var effect in decided.Decision.Effects)
        {
            try
            {
                switch (effect)
                {
                    case Effect.IssueCredentials issue:
                        var issued = await provider.IssueAsync(decided.Cluster, issue.User, issue.Mode, issue.Expires, ct);
                        credentials[LeaseReplies.CredentialKey(issue.User, issue.Mode)] = new Attachment(issued.FileName, issued.Kubeconfig);
                        break;
                    case Effect.RevokeCredentials revoke:
                        await provider.RevokeAsync(decided.Cluster, revoke.User, revoke.Mode, ct);
                        break;
                }
            }
            catch (ClusterNotReadyException e) when (effect is Effect.IssueCredentials owing)
            {
                logger.LogInformation("{Cluster} does not run yet ({Problem}); credentials for {User} are owed", decided.Cluster.Name, e.Message, owing.User);
                credentials[LeaseReplies.CredentialKey(owing.User, owing.Mode)] = null;
                owed.Add(owing.User);
                waiting = e.Status;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "provider failed on {Effect} for {Cluster}", effect.GetType().Name, decided.Cluster.Name);
                TeamClusterSyncMetrics.ProviderFailures.Add(1, TeamClusterSyncMetrics.Tag("cluster", decided.Cluster.Name), TeamClusterSyncMetrics.Tag("effect", effect.GetType().Name));
                if (effect is Effect.IssueCredentials failed)
                {
                    credentials[LeaseReplies.CredentialKey(failed.User, failed.Mode)] = null;
                    failures[LeaseReplies.CredentialKey(failed.User, failed.Mode)] = new(Secrets.Summary(e.Message), ProviderFailedException.SummaryOf(e));
                }
            }
        }

        return new CarriedOut(credentials, failures, owed, waiting);
    }

    private abstract record Outcome;

    private sealed record Problem(string Text) : Outcome;

    /// <param name="Checked">The release check committed with this decision, if any.</param>
    private sealed record Decided(Cluster Cluster, Team Team, LeaseState Before, LeaseDecision Decision, ClusterRecord? Record, ReleaseCheck? Checked = null) : Outcome
    {
        /// <summary>The global admins of <c>teamclustersync.yaml</c>, whom a refused lead action names beside the team's.</summary>
        public IReadOnlyList<string> GlobalAdmins { get; init; } = [];

        /// <summary>The cluster as replies name it: with the console URL recorded for the running cluster, where there is one.</summary>
        public Cluster Shown => Cluster with { ConsoleUrl = PhaseText.Console(Cluster, Record) };
    }

    /// <summary>A release check started before the release was decided: <paramref name="Look"/> at <paramref name="Cluster"/>, for <paramref name="By"/>'s release.</summary>
    private sealed record LookAhead(string Cluster, string By, Task<ReleaseCheck?> Look)
    {
        /// <summary>The look, when it is for this release.</summary>
        public Task<ReleaseCheck?>? For(string cluster, string by) => Cluster == cluster && By == by ? Look : null;

        /// <summary>Its outcome, when it is for this release and done.</summary>
        public ReleaseCheck? Done(string cluster, string by) => For(cluster, by) is { IsCompletedSuccessfully: true } look ? look.Result : null;
    }

    private sealed record CarriedOut(
        Dictionary<string, Attachment?> Credentials, Dictionary<string, ProviderFailure> Failures, IReadOnlyList<string> Owed, ClusterStatus? Waiting);

    /// <summary>Why credentials could not be issued: what the person is told (redacted), and the short summary git keeps.</summary>
    private sealed record ProviderFailure(string Said, string Summary);
}
