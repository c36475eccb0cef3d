using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Bot.Messages;
using TeamClusterSync.Bot.Parsing;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Providers;
using TeamClusterSync.Git;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Bot.Engine;

/// <summary>
/// The one command engine every chat front end drives (terminal, Slack): text in, messages out. A lease command is
/// decided by the <see cref="LeaseEngine"/> inside a <see cref="StateStore"/> transaction, so the decision is re-made
/// on the fresh tip if another replica won the push; replies and credentials go out only after the commit is pushed,
/// so no reply ever promises access that git does not record.
/// </summary>
public sealed class CommandEngine(StateStore store, IClusterProvider provider, TimeProvider clock, string source, ILogger? logger = null)
{
    /// <summary>The <c>Source:</c> trailer of commits made by scheduled jobs.</summary>
    public const string ScheduleSource = "schedule";

    private readonly ConfigCache configs = new();
    private readonly ILogger log = logger ?? NullLogger.Instance;

    /// <summary>Handles one message from <paramref name="login"/> (a GitHub login) and returns the bot's messages in order.</summary>
    public async Task<IReadOnlyList<OutgoingMessage>> HandleAsync(string login, string text, CancellationToken ct = default) =>
        CommandParser.Parse(text) switch
        {
            ParsedCommand.Lease lease => await LeaseAsync(login, lease, source, ct),
            ParsedCommand.Status status => await StatusAsync(login, status.Cluster, ct),
            ParsedCommand.History history => await HistoryAsync(login, history.Cluster, ct),
            ParsedCommand.Unknown unknown => [Reply(login, HelpText.Short(unknown.Problem))],
            _ => [Reply(login, HelpText.Full)],
        };

    /// <summary>How often the schedule calls <see cref="ExpireAsync"/>; reminders rely on it (see <see cref="LeaseReminders"/>).</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The schedule's sweep, run every <see cref="SweepPeriod"/>: reminds holders whose lease ends within the
    /// configured <c>reminderBefore</c>, releases every lease that ran out (one commit per cluster), and returns the
    /// messages for the people concerned. Chat commands also sweep the cluster they touch.
    /// </summary>
    public async Task<IReadOnlyList<OutgoingMessage>> ExpireAsync(CancellationToken ct = default)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        var now = clock.GetUtcNow();
        var messages = new List<OutgoingMessage>();
        foreach (var cluster in config?.Clusters ?? [])
        {
            var lease = snapshot.Lease(cluster.Name);
            foreach (var holder in LeaseReminders.Due(lease, config!.Settings.LeaseDefaults.ReminderBefore, now, SweepPeriod))
            {
                messages.Add(Reply(holder.User, $"your lease on {cluster.Name} ends at {LeaseReplies.When(holder.Expires)}: "
                    + "use `teamcluster extend` to keep it, or `teamcluster done` to give it back"));
            }

            if (lease.Holders.Any(h => h.Expires <= now) || lease.Readers.Any(r => r.Expires <= now))
            {
                messages.AddRange(await LeaseAsync(LeaseEngine.ScheduleActor, new ParsedCommand.Lease(new LeaseCommand.Expire(), cluster.Name), ScheduleSource, ct));
            }
        }

        return messages;
    }

    /// <summary>
    /// The schedule's reprovisioning, run with the sweep: a cluster first seen is recorded as provisioned now; one
    /// whose cron time has come is flushed when free, or when its policy forces it (holders are released first and
    /// told); a deferred one warns its holders once, when it falls due.
    /// </summary>
    public async Task<IReadOnlyList<OutgoingMessage>> ReprovisionAsync(CancellationToken ct = default)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        var now = clock.GetUtcNow();
        var messages = new List<OutgoingMessage>();
        foreach (var cluster in config?.Clusters.Where(c => c.Reprovision.Schedule is not null) ?? [])
        {
            if (snapshot.Record(cluster.Name) is not { } record)
            {
                await store.RecordClusterAsync(new ClusterRecord(cluster.Name, 1, now), null, $"cluster: {cluster.Name} first seen by the schedule", ScheduleSource, ct);
                continue;
            }

            var due = Schedules.NextAfter(cluster.Reprovision.Schedule!, record.ProvisionedAt);
            var lease = snapshot.Lease(cluster.Name);
            var decision = ReprovisionPlanner.Decide(cluster.Reprovision, lease, due, now);
            if (decision.Action == ReprovisionAction.Defer && due is { } dueAt && now < dueAt + SweepPeriod)
            {
                messages.AddRange(lease.Holders.Select(h => Reply(h.User,
                    $"{cluster.Name} was due for reprovisioning at {LeaseReplies.When(dueAt)}; it waits until you are done"
                    + (decision.ForcedAt is { } forced ? $", but no later than {LeaseReplies.When(forced)}" : ""))));
            }
            else if (decision.Action == ReprovisionAction.Now)
            {
                messages.AddRange(await LeaseAsync(LeaseEngine.ScheduleActor, new ParsedCommand.Lease(new LeaseCommand.Reclaim(), cluster.Name), ScheduleSource, ct));

                // Claim the rebuild in git before touching the cluster: of several replicas, only the one whose record
                // commit lands rebuilds it. A crash after the commit skips one rebuild; it never destroys a cluster twice.
                var next = record with { Generation = record.Generation + 1, ProvisionedAt = now };
                var subject = $"cluster: {cluster.Name} reprovisioned ({decision.Reason}), generation {next.Generation}";
                if (await store.RecordClusterAsync(next, record, subject, ScheduleSource, ct) is not null)
                {
                    await provider.ReprovisionAsync(cluster, ct);
                    log.LogInformation("reprovisioned {Cluster} ({Reason})", cluster.Name, decision.Reason);
                }
            }
        }

        return messages;
    }

    /// <summary>The config as of the current tip (for front ends that map chat users to logins).</summary>
    public async Task<ConfigRepository?> ConfigAsync(CancellationToken ct = default) =>
        configs.Get(await store.ReadAsync(ct), out _);

    private async Task<IReadOnlyList<OutgoingMessage>> LeaseAsync(string login, ParsedCommand.Lease lease, string via, CancellationToken ct)
    {
        var result = await store.TransactAsync(snapshot => Decide(snapshot, login, lease), via, ct);
        if (result.Value is not Decided decided)
        {
            return [Reply(login, ((Problem)result.Value).Text)];
        }

        if (result.CommitId is { } commit)
        {
            log.LogInformation("{Summary} ({Commit}, {Attempts} attempt(s))", decided.Decision.Summary, commit[..7], result.Attempts);
        }

        var credentials = await CarryOutAsync(decided, ct);
        return new LeaseReplies(decided.Cluster, decided.Team, decided.Before, credentials).Render(decided.Decision);
    }

    /// <summary>Pure with respect to the snapshot: the store may call it again on a newer tip.</summary>
    private Transaction<Outcome> Decide(StateSnapshot snapshot, string login, ParsedCommand.Lease lease)
    {
        var config = configs.Get(snapshot, out var configProblem);
        if (config is null)
        {
            return new(new Problem(configProblem!), null);
        }

        var (cluster, problem) = ClusterResolver.Resolve(config, snapshot, login, lease.Command, lease.Cluster);
        if (cluster is null)
        {
            return new(new Problem(problem!), null);
        }

        var team = config.FindTeam(cluster.Team)!;
        var before = snapshot.Lease(cluster.Name);
        var decision = LeaseEngine.Decide(cluster, Membership.Of(team, snapshot), before, login, lease.Command, clock.GetUtcNow());
        var change = decision.Changed ? new StateChange(decision.State, decision.Summary!, login, lease.Command.Action) : null;
        return new(new Decided(cluster, team, before, decision), change);
    }

    /// <summary>Mints and revokes credentials for a committed decision; a provider failure is reported, never hidden.</summary>
    private async Task<Dictionary<string, Attachment?>> CarryOutAsync(Decided decided, CancellationToken ct)
    {
        var credentials = new Dictionary<string, Attachment?>();
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
                log.LogError(e, "provider failed on {Effect} for {Cluster}", effect.GetType().Name, decided.Cluster.Name);
                if (effect is Effect.IssueCredentials failed)
                {
                    credentials[LeaseReplies.CredentialKey(failed.User, failed.Mode)] = null;
                }
            }
        }

        return credentials;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> StatusAsync(string login, string? named, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        if (config is null)
        {
            return [Reply(login, problem!)];
        }

        var clusters = Shown(config, snapshot, login, named, out var unknown);
        return unknown is not null
            ? [Reply(login, unknown)]
            : [Reply(login, string.Join('\n', clusters.Select(c => StatusLine.For(c, snapshot.Lease(c.Name), clock.GetUtcNow()))))];
    }

    private async Task<IReadOnlyList<OutgoingMessage>> HistoryAsync(string login, string? named, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        if (config is null)
        {
            return [Reply(login, problem!)];
        }

        var (cluster, missing) = named is null
            ? ClusterResolver.TeamCluster(config, snapshot, login)
            : (config.FindCluster(named), $"there is no cluster \"{named}\"");
        if (cluster is null)
        {
            return [Reply(login, missing!)];
        }

        var transitions = await store.HistoryAsync(cluster.Name, ct);
        var lines = transitions.Take(10).Select(t => $"{LeaseReplies.When(t.When)}  {t.CommitId[..7]}  {t.Subject}");
        return [Reply(login, transitions.Count == 0
            ? $"{cluster.Name} has no lease history yet"
            : $"latest lease changes of {cluster.Name} (newest first):\n" + string.Join('\n', lines))];
    }

    /// <summary>The named cluster, else the actor's teams' clusters, else every cluster.</summary>
    private static IReadOnlyList<Cluster> Shown(ConfigRepository config, StateSnapshot snapshot, string login, string? named, out string? problem)
    {
        problem = null;
        if (named is not null)
        {
            if (config.FindCluster(named) is { } one)
            {
                return [one];
            }

            problem = $"there is no cluster \"{named}\"";
            return [];
        }

        var mine = Membership.TeamsOf(config, snapshot, login).SelectMany(config.ClustersOf).ToList();
        return mine.Count > 0 ? mine : config.Clusters;
    }

    private static OutgoingMessage Reply(string login, string text) => new(new Recipient.User(login), text);

    private abstract record Outcome;

    private sealed record Problem(string Text) : Outcome;

    private sealed record Decided(Cluster Cluster, Team Team, LeaseState Before, LeaseDecision Decision) : Outcome;
}
