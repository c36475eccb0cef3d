using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Team membership: read the GitHub teams, record in one commit the members of those that changed in <c>state/sync/</c>
/// (from then on they count as team members for leases), then set each team's chat user group from the
/// <see cref="TeamSyncPlanner"/>'s plan, writing only the groups that change. Anything that cannot be read becomes a
/// problem in the report, never a smaller group. Either side may be absent.
/// </summary>
public sealed class TeamSyncReconciler(
    IStateStore store, ITeamMembershipSource? teams, IUserGroupDirectory? groups, ILogger<TeamSyncReconciler> logger) : IReconciler
{
    /// <summary>How often <c>serve</c> runs the sync.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(15);

    /// <summary>The scheduled pass: apply, and log what needs a person's attention.</summary>
    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        var report = await RunAsync(dryRun: false, CommitSource.Schedule, ct);
        foreach (var problem in report.Problems)
        {
            logger.LogWarning("team sync: {Problem}", problem);
        }

        foreach (var plan in report.Usergroups.Where(p => p.Skipped is not null))
        {
            logger.LogWarning("@{Handle}: skipped: {Reason}", plan.Handle, plan.Skipped);
        }

        foreach (var plan in report.Usergroups.Where(p => p.Unmapped.Count > 0))
        {
            logger.LogInformation("@{Handle}: not in Slack, add to people.yaml: {Logins}", plan.Handle, string.Join(", ", plan.Unmapped));
        }

        return [];
    }

    /// <summary>One sync; with <paramref name="dryRun"/> it plans and changes nothing.</summary>
    public async Task<TeamSyncReport> RunAsync(bool dryRun, CommitSource source, CancellationToken ct)
    {
        var loaded = ConfigLoader.Load((await store.ReadAsync(ct)).Config);
        if (loaded.Config is not { } config)
        {
            return TeamSyncReport.Empty with { Problems = [$"the config repo has {loaded.Diagnostics.Count} error(s); run 'teamclustersync validate'"] };
        }

        var problems = new List<string>();
        var (members, unchanged) = await ReadTeamsAsync(config, problems, ct);
        var recorded = dryRun ? MembersRecorded.Nothing : await RecordAsync(config, members, source, ct);
        var plans = groups is null ? [] : await new UsergroupSync(groups, config, members, logger).RunAsync(dryRun, problems, ct);
        return new TeamSyncReport(members, recorded.Teams.ToHashSet(StringComparer.Ordinal), plans, problems)
        {
            Commit = recorded.CommitId,
            Unchanged = unchanged,
        };
    }

    /// <summary>Team name → its GitHub team's logins, null where they could not be read (with the reason in <paramref name="problems"/>).</summary>
    private async Task<(Dictionary<string, IReadOnlySet<string>?> Members, int Unchanged)> ReadTeamsAsync(
        ConfigRepository config, List<string> problems, CancellationToken ct)
    {
        var synced = config.Teams.Where(t => t.GitHubTeam is not null).ToList();
        var org = config.Settings.GitHubOrg;
        var reads = teams is null || org is null
            ? new Dictionary<string, TeamRead>()
            : await teams.ReadTeamsAsync(org, [.. synced.Select(t => t.GitHubTeam!).Distinct(StringComparer.Ordinal)], ct);
        problems.AddRange(TeamReadProblems.Of(teams is not null, org, synced, reads));
        var members = synced.ToDictionary(
            t => t.Name,
            t => (reads.GetValueOrDefault(t.GitHubTeam!) as TeamRead.Found)?.Logins,
            StringComparer.Ordinal);
        return (members, reads.Values.Count(r => r is TeamRead.Found { Unchanged: true }));
    }

    /// <summary>Commits, in one commit, the GitHub members of every team whose record changed.</summary>
    private Task<MembersRecorded> RecordAsync(
        ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> members, CommitSource source, CancellationToken ct)
    {
        var read = members
            .Where(m => m.Value is not null)
            .Select(m => new TeamMembers(m.Key, config.FindTeam(m.Key)!.GitHubTeam!, [.. m.Value!]))
            .ToList();
        return read.Count == 0 ? Task.FromResult(MembersRecorded.Nothing) : store.RecordMembersAsync(read, source, ct);
    }
}

/// <summary>What one sync found and did.</summary>
/// <param name="GitHubMembers">Team name → its GitHub team's logins; null where they could not be read.</param>
/// <param name="Recorded">The teams whose <c>state/sync/</c> record changed (all in <see cref="Commit"/>).</param>
public sealed record TeamSyncReport(
    IReadOnlyDictionary<string, IReadOnlySet<string>?> GitHubMembers,
    IReadOnlySet<string> Recorded,
    IReadOnlyList<UsergroupPlan> Usergroups,
    IReadOnlyList<string> Problems)
{
    public static TeamSyncReport Empty { get; } = new(new Dictionary<string, IReadOnlySet<string>?>(), new HashSet<string>(), [], []);

    /// <summary>The one commit recording the changed teams, or null.</summary>
    public string? Commit { get; init; }

    /// <summary>How many GitHub teams the source said were unchanged since the last read (free conditional requests).</summary>
    public int Unchanged { get; init; }

    public bool AllWell => Problems.Count == 0 && Usergroups.All(p => p.Skipped is null && p.LookupFailed.Count == 0);
}
