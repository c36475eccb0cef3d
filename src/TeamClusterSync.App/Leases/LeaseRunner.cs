using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// Carries out one lease command, for chat and reconcilers alike: the <see cref="LeaseEngine"/> decides inside a
/// state store transaction (so the decision is made again on the new state if another writer won), credentials are
/// minted or revoked only once the change is stored, and the replies say only what the store recorded.
/// </summary>
public sealed class LeaseRunner(
    IStateStore store, IClusterProvider provider, ReleaseChecks releaseChecks, ClusterPhases phases, ConfigCache configs, TimeProvider clock, ILogger<LeaseRunner> logger)
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

        var (credentials, notReady, problem) = await CarryOutAsync(decided, source, ct);
        var check = decided.Decision.Effects.OfType<Effect.CheckRelease>().FirstOrDefault() is { } release
            ? await releaseChecks.CheckAsync(decided.Cluster, release.By, source, ct)
            : null;
        var shown = decided.Cluster with { ConsoleUrl = PhaseText.Console(decided.Cluster, decided.Record) };
        return [.. new LeaseReplies(shown, decided.Team, decided.Before, credentials, check, notReady).Render(decided.Decision), .. problem];
    }

    /// <summary>Pure with respect to the snapshot: the store may call it again on a newer one.</summary>
    private Transaction<Outcome> Decide(StateSnapshot snapshot, string actor, LeaseCommand command, string? named)
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

        var team = config.FindTeam(cluster.Team)!;
        var before = snapshot.Lease(cluster.Name);
        var decision = LeaseEngine.Decide(cluster, Membership.Of(team, snapshot), before, actor, command, clock.GetUtcNow());
        var change = decision.Changed ? new StateChange(decision.State, decision.Summary!, actor, command.Action, decision.Reason) : null;
        return new(new Decided(cluster, team, before, decision, snapshot.Record(cluster.Name)), change);
    }

    /// <summary>
    /// Mints and revokes credentials for a stored decision; a provider failure is reported, never hidden. Credentials
    /// for a cluster that does not run yet are owed: recorded, and sent by the minute sweep once it runs.
    /// </summary>
    private async Task<(Dictionary<string, Attachment?> Credentials, string? NotReady, IReadOnlyList<OutgoingMessage> Problem)> CarryOutAsync(Decided decided, CommitSource source, CancellationToken ct)
    {
        var credentials = new Dictionary<string, Attachment?>();
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
                }
            }
        }

        if (waiting is null)
        {
            return (credentials, null, []);
        }

        // The requester hears Hive's words in the reply; the team channel hears of a problem once, when it starts.
        var change = await phases.RecordAsync(decided.Cluster, waiting, owed, source, ct);
        var problem = change is { ProblemStarted: true } ? PhaseText.ProblemNotices(decided.Cluster, decided.Team, change.After.Phase!, []) : [];
        return (credentials, PhaseText.Waiting(decided.Cluster, waiting), problem);
    }

    private abstract record Outcome;

    private sealed record Problem(string Text) : Outcome;

    private sealed record Decided(Cluster Cluster, Team Team, LeaseState Before, LeaseDecision Decision, ClusterRecord? Record) : Outcome;
}
