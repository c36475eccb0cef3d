using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
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
    IStateStore store, IClusterProvider provider, ReleaseChecks releaseChecks, ConfigCache configs, TimeProvider clock, ILogger<LeaseRunner> logger)
{
    /// <summary>Runs <paramref name="command"/> from <paramref name="actor"/> on the named cluster, or the one the actor can only mean.</summary>
    public async Task<IReadOnlyList<OutgoingMessage>> RunAsync(
        string actor, LeaseCommand command, string? cluster, CommitSource source, CancellationToken ct)
    {
        // Every line logged for this command carries who asked what, and once decided, of which cluster (fields in JSON logs).
        using var scope = logger.BeginScope("{Actor} {Command}", actor, command.Action);
        var result = await store.TransactAsync(snapshot => Decide(snapshot, actor, command, cluster), source, ct);
        if (result.Value is not Decided decided)
        {
            return [OutgoingMessage.Direct(actor, ((Problem)result.Value).Text)];
        }

        if (result.CommitId is { } commit)
        {
            using var resolved = logger.BeginScope("{Cluster}", decided.Cluster.Name);
            logger.LogInformation("{Summary} ({Commit}, {Attempts} attempt(s))", decided.Decision.Summary, commit[..7], result.Attempts);
        }

        var (credentials, failures) = await CarryOutAsync(decided, ct);
        var undone = await RevertUnusableGrantsAsync(decided, failures, source, ct);
        var check = decided.Decision.Effects.OfType<Effect.CheckRelease>().FirstOrDefault() is { } release
            ? await releaseChecks.CheckAsync(decided.Cluster, release.By, source, ct)
            : null;
        var replies = new LeaseReplies(decided.Cluster, decided.Team, decided.Before, credentials, check, undone.Reasons).Render(decided.Decision);
        return [.. replies, .. undone.Replies];
    }

    /// <summary>
    /// Takes back each access this decision newly granted whose credentials failed (a re-issue of access already held
    /// keeps it: `teamcluster auth` can try again). Returns the reasons by credential key, and the replies of the
    /// taking back (a freed cluster offered to the line, pings told it is free).
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, string> Reasons, IReadOnlyList<OutgoingMessage> Replies)> RevertUnusableGrantsAsync(
        Decided decided, Dictionary<string, string> failures, CommitSource source, CancellationToken ct)
    {
        var reasons = new Dictionary<string, string>();
        var replies = new List<OutgoingMessage>();
        foreach (var issue in decided.Decision.Effects.OfType<Effect.IssueCredentials>())
        {
            var key = LeaseReplies.CredentialKey(issue.User, issue.Mode);
            if (!failures.TryGetValue(key, out var reason) || Since(decided.Before, issue) is not null || Since(decided.Decision.State, issue) is not { } since)
            {
                continue;
            }

            reasons[key] = reason;
            var revert = new LeaseCommand.Revert(issue.User, issue.Mode, since);
            var result = await store.TransactAsync(snapshot => Decide(snapshot, LeaseEngine.ScheduleActor, revert, decided.Cluster.Name, reason), source, ct);
            if (result.Value is Decided reverted && reverted.Decision.Changed)
            {
                logger.LogWarning("{Summary}: {Reason}", reverted.Decision.Summary, reason);
                var (revertCredentials, _) = await CarryOutAsync(reverted, ct);
                // The channel never heard of the grant, so it hears nothing of its taking back either.
                replies.AddRange(new LeaseReplies(reverted.Cluster, reverted.Team, reverted.Before, revertCredentials).Render(reverted.Decision)
                    .Where(m => m.To is Recipient.User));
            }
        }

        return (reasons, replies);
    }

    private static DateTimeOffset? Since(LeaseState state, Effect.IssueCredentials issue) =>
        issue.Mode == AccessMode.ReadWrite ? state.HolderOf(issue.User)?.Since : state.ReaderOf(issue.User)?.Since;

    /// <summary>Pure with respect to the snapshot: the store may call it again on a newer one.</summary>
    private Transaction<Outcome> Decide(StateSnapshot snapshot, string actor, LeaseCommand command, string? named, string? reason = null)
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
        var decision = LeaseEngine.Decide(cluster, Membership.Of(team, snapshot), before, actor, command, clock.GetUtcNow());
        var change = decision.Changed ? new StateChange(decision.State, decision.Summary!, actor, command.Action, decision.Reason ?? reason) : null;
        return new(new Decided(cluster, team, before, decision), change);
    }

    /// <summary>
    /// Mints and revokes credentials for a stored decision; a provider failure is reported, never hidden: the
    /// credentials of a failed issue are null, and its reason (the provider's first words, secrets scrubbed) is kept.
    /// </summary>
    private async Task<(Dictionary<string, Attachment?> Credentials, Dictionary<string, string> Failures)> CarryOutAsync(Decided decided, CancellationToken ct)
    {
        var credentials = new Dictionary<string, Attachment?>();
        var failures = new Dictionary<string, string>();
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
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "provider failed on {Effect} for {Cluster}", effect.GetType().Name, decided.Cluster.Name);
                TeamClusterSyncMetrics.ProviderFailures.Add(1, TeamClusterSyncMetrics.Tag("cluster", decided.Cluster.Name), TeamClusterSyncMetrics.Tag("effect", effect.GetType().Name));
                if (effect is Effect.IssueCredentials failed)
                {
                    credentials[LeaseReplies.CredentialKey(failed.User, failed.Mode)] = null;
                    failures[LeaseReplies.CredentialKey(failed.User, failed.Mode)] = ProviderReason.Of(e);
                }
            }
        }

        return (credentials, failures);
    }

    private abstract record Outcome;

    private sealed record Problem(string Text) : Outcome;

    private sealed record Decided(Cluster Cluster, Team Team, LeaseState Before, LeaseDecision Decision) : Outcome;
}
