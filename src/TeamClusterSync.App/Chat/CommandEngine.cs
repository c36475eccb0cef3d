using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Chat;

/// <summary>
/// The one command engine every chat front end drives (terminal, Slack): text in, messages out. Lease commands go
/// through the <see cref="LeaseRunner"/>, so replies and credentials go out only after the change is stored and no
/// reply ever promises access that the state does not record.
/// </summary>
public sealed class CommandEngine(
    IStateStore store, ILeaseHistory history, LeaseRunner leases, ReleaseChecks releaseChecks, ConfigCache configs, ActionBudget budget, TimeProvider clock, UsageChat usage)
{
    /// <summary>Handles one message from <paramref name="login"/> (a GitHub login) and returns the bot's messages in order.</summary>
    public Task<IReadOnlyList<OutgoingMessage>> HandleAsync(string login, string text, CommitSource source, CancellationToken ct = default) =>
        HandleAsync(login, CommandParser.Parse(text), source, ct);

    /// <summary>Handles a command a front end has already parsed (a button press, a slash command).</summary>
    public async Task<IReadOnlyList<OutgoingMessage>> HandleAsync(string login, ParsedCommand command, CommitSource source, CancellationToken ct = default)
    {
        using var measured = new CommandMeasurement(command);
        var replies = await DispatchAsync(login, command, source, ct);
        measured.Succeeded();
        return replies;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> DispatchAsync(string login, ParsedCommand command, CommitSource source, CancellationToken ct) =>
        command switch
        {
            ParsedCommand.Lease lease => await LeaseAsync(login, lease, source, ct),
            ParsedCommand.Status status => await StatusAsync(login, status.Cluster, ct),
            ParsedCommand.History history => await HistoryAsync(login, history.Cluster, ct),
            ParsedCommand.Report report => await usage.ReportAsync(login, report.Cluster, ct),
            ParsedCommand.WhoAmI => await WhoAmIAsync(login, ct),
            ParsedCommand.Restore restore => await DirtyAsync(login, restore.Cluster, restoring: true, source, ct),
            ParsedCommand.Keep keep => await DirtyAsync(login, keep.Cluster, restoring: false, source, ct),
            ParsedCommand.Unknown unknown => [OutgoingMessage.Direct(login, HelpText.Brief(unknown.Problem))],
            _ => [OutgoingMessage.Direct(login, HelpText.Full)],
        };

    /// <summary>A lease command, within the person's <see cref="ActionBudget"/> for the cluster (pings, taking it).</summary>
    private async Task<IReadOnlyList<OutgoingMessage>> LeaseAsync(string login, ParsedCommand.Lease lease, CommitSource source, CancellationToken ct)
    {
        if (lease is { Command: LeaseCommand.Wait, Cluster: null } && await WaitForFirstFreeAsync(login, source, ct) is { } waiting)
        {
            return waiting;
        }

        var limited = ActionLimit.For(lease.Command) is null ? null : await ClusterNameAsync(login, lease, ct);
        if (limited is not null && budget.Refusal(login, limited, lease.Command) is { } refused)
        {
            return [OutgoingMessage.Direct(login, refused)];
        }

        var replies = await leases.RunAsync(login, lease.Command, lease.Cluster, source, ct);
        if (limited is not null && replies.Any(r => r.Commit is not null))
        {
            budget.Spent(login, limited, lease.Command);
        }

        return replies;
    }

    /// <summary>
    /// A <c>wait</c> without a name, on teams with several clusters: when none is free, a place in the line of each, to
    /// be offered the first of them that is (leaving the other lines then); when one is free, which. Null: the teams
    /// have one cluster, and <c>wait</c> is about that one.
    /// </summary>
    private async Task<IReadOnlyList<OutgoingMessage>?> WaitForFirstFreeAsync(string login, CommitSource source, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        if (configs.Get(snapshot, out _) is not { } config)
        {
            return null;
        }

        var pool = ClusterResolver.PoolOf(Membership.TeamsOf(config, snapshot, login).SelectMany(config.ClustersOf), snapshot);
        if (pool.Count < 2)
        {
            return null;
        }

        if (LeasePool.Pick(pool, login, readOnly: false) is { } free && snapshot.Lease(free.Name).HolderOf(login) is null)
        {
            return [OutgoingMessage.Direct(login, $"{free.Name} is free, so there is no need to wait: take it with `teamcluster request`")];
        }

        var replies = new List<OutgoingMessage>();
        foreach (var member in pool)
        {
            replies.AddRange(await leases.RunAsync(login, new LeaseCommand.Wait(AnyOf: true), member.Cluster.Name, source, ct));
        }

        return replies;
    }

    /// <summary>The cluster a lease command is about, when it resolves (otherwise the lease runner says why).</summary>
    private async Task<string?> ClusterNameAsync(string login, ParsedCommand.Lease lease, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        return configs.Get(snapshot, out _) is { } config ? ClusterResolver.Resolve(config, snapshot, login, lease.Command, lease.Cluster).Cluster?.Name : null;
    }

    /// <summary>The config as of the current state (for front ends that map chat users to logins), and why it is not, when it is not.</summary>
    public async Task<(ConfigRepository? Config, string? Problem)> ConfigAsync(CancellationToken ct = default)
    {
        var config = configs.Get(await store.ReadAsync(ct), out var problem);
        return (config, problem);
    }

    private async Task<IReadOnlyList<OutgoingMessage>> StatusAsync(string login, string? named, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        if (config is null)
        {
            return [OutgoingMessage.Direct(login, problem!)];
        }

        var clusters = Shown(config, snapshot, login, named, out var unknown);
        return unknown is not null
            ? [OutgoingMessage.Direct(login, unknown)]
            : [OutgoingMessage.Direct(login, string.Join('\n', clusters.Select(c => StatusLine.For(c, snapshot, clock.GetUtcNow()))))];
    }

    /// <summary>A team member's answer to a cluster left dirty: restore it now, or keep it as it is.</summary>
    private async Task<IReadOnlyList<OutgoingMessage>> DirtyAsync(string login, string? named, bool restoring, CommitSource source, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        var (cluster, missing) = config is null ? (null, problem)
            : named is null ? ClusterResolver.TeamCluster(config, snapshot, login)
            : (config.FindCluster(named), $"there is no cluster \"{named}\"");
        if (cluster is null)
        {
            return [OutgoingMessage.Direct(login, missing!)];
        }

        var team = config!.FindTeam(cluster.Team)!;
        if (!Membership.Of(team, snapshot).Contains(login))
        {
            return [OutgoingMessage.Direct(login, $"only members of team {team.Name} can answer for {cluster.Name}")];
        }

        if (restoring && RestoreRefused(snapshot, cluster, login) is { } refused)
        {
            return [OutgoingMessage.Direct(login, refused)];
        }

        if (snapshot.Record(cluster.Name)?.LastRelease is not { Outcome: ReleaseOutcome.Dirty } dirty)
        {
            return [OutgoingMessage.Direct(login, $"{cluster.Name} is not marked dirty, so there is nothing to {(restoring ? "restore" : "keep")}")];
        }

        return restoring
            ? await RestoreAsync(login, cluster, team, source, ct)
            : [OutgoingMessage.Direct(login, $"{cluster.Name} stays as it is ({dirty.Problems}); {ReleaseText.WhenLeft(cluster)}")];
    }

    /// <summary>Why <paramref name="login"/> may not restore the cluster now (someone else holds it), or null.</summary>
    private static string? RestoreRefused(StateSnapshot snapshot, Cluster cluster, string login)
    {
        if (snapshot.LeaseProblem(cluster.Name) is { } unreadable)
        {
            return BrokenLeaseText.ForCommand(cluster.Name, unreadable);
        }

        var lease = snapshot.Lease(cluster.Name);
        return lease.MayRestore(login)
            ? null
            : $"{LeaseReplies.Names(lease.Holders.Select(h => h.User))} holds {cluster.Name} now, so only they can restore it; it can be restored by anyone on the team once it is free";
    }

    private async Task<IReadOnlyList<OutgoingMessage>> RestoreAsync(string login, Cluster cluster, Team team, CommitSource source, CancellationToken ct)
    {
        ReleaseCheck check;
        try
        {
            check = await releaseChecks.RestoreAsync(cluster, login, source, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [OutgoingMessage.Direct(login, $"I could not restore {cluster.Name}: {e.Message}")];
        }

        if (check.Outcome == ReleaseOutcome.Dirty)
        {
            return [OutgoingMessage.Direct(login, $"I restored what I could on {cluster.Name}, but it is still not clean: {check.Problems}")];
        }

        List<OutgoingMessage> replies = [OutgoingMessage.Direct(login, $"{cluster.Name} is restored: the cluster-version-operator runs again and no ClusterVersion overrides are left")];
        if (team.SlackChannel is { } channel)
        {
            replies.Add(new(new Recipient.Channel(channel), $"{cluster.Name} was restored by @{login} and is clean again"));
        }

        return replies;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> WhoAmIAsync(string login, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        return [OutgoingMessage.Direct(login, config is null ? problem! : WhoAmIText.For(config, snapshot, login, clock.GetUtcNow()))];
    }

    private async Task<IReadOnlyList<OutgoingMessage>> HistoryAsync(string login, string? named, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        if (config is null)
        {
            return [OutgoingMessage.Direct(login, problem!)];
        }

        var (cluster, missing) = named is null
            ? ClusterResolver.TeamCluster(config, snapshot, login)
            : (config.FindCluster(named), $"there is no cluster \"{named}\"");
        if (cluster is null)
        {
            return [OutgoingMessage.Direct(login, missing!)];
        }

        var transitions = await history.HistoryAsync(cluster.Name, ct);
        var lines = transitions.Take(10).Select(t => $"{LeaseReplies.When(t.When)}  {t.CommitId[..7]}  {t.Subject}"
            + (t.Unreadable is null ? "" : $"  (this revision could not be read: {t.Unreadable})"));
        return [OutgoingMessage.Direct(login, transitions.Count == 0
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
}
