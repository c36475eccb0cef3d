using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Team membership: read the GitHub teams, record their members in <c>state/sync/</c> (from then on they count as team
/// members for leases), then set each team's chat user group from the <see cref="TeamSyncPlanner"/>'s plan. Anything
/// that cannot be read becomes a problem in the report, never a smaller group. Either side may be absent.
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
            return new TeamSyncReport(
                new Dictionary<string, IReadOnlySet<string>?>(), new HashSet<string>(), [],
                [$"the config repo has {loaded.Diagnostics.Count} error(s); run 'teamclustersync validate'"]);
        }

        var problems = new List<string>();
        var members = await ReadTeamsAsync(config, problems, ct);
        var recorded = dryRun ? new HashSet<string>() : await RecordAsync(config, members, source, ct);
        var plans = groups is null ? [] : await SyncGroupsAsync(groups, config, members, dryRun, ct);
        return new TeamSyncReport(members, recorded, plans, problems);
    }

    /// <summary>Team name → its GitHub team's logins, null where they could not be read (with the reason in <paramref name="problems"/>).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlySet<string>?>> ReadTeamsAsync(ConfigRepository config, List<string> problems, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal);
        foreach (var team in config.Teams.Where(t => t.GitHubTeam is not null))
        {
            var org = config.Settings.GitHubOrg;
            var read = teams is null || org is null ? null : await teams.ReadTeamAsync(org, team.GitHubTeam!, ct);
            result[team.Name] = (read as TeamRead.Found)?.Logins;
            var problem = (teams, org, read) switch
            {
                (null, _, _) => $"GITHUB_TOKEN is not set, so GitHub team {team.GitHubTeam} was not read",
                (_, null, _) => "github.team is set but teamclustersync.yaml has no github.org",
                (_, _, TeamRead.NotFound) => $"GitHub team {org}/{team.GitHubTeam} does not exist or the token cannot see it",
                (_, _, TeamRead.Failed failed) => $"GitHub answered {failed.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} for {org}/{team.GitHubTeam}: {failed.Detail}",
                _ => null,
            };
            if (problem is not null)
            {
                problems.Add($"team {team.Name}: {problem}");
            }
        }

        return result;
    }

    /// <summary>Commits each team's GitHub members to <c>state/sync/</c>; returns the teams whose record changed.</summary>
    private async Task<HashSet<string>> RecordAsync(
        ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> members, CommitSource source, CancellationToken ct)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (team, logins) in members)
        {
            if (logins is not null
                && await store.RecordMembersAsync(new TeamMembers(team, config.FindTeam(team)!.GitHubTeam!, [.. logins]), source, ct) is not null)
            {
                changed.Add(team);
            }
        }

        return changed;
    }

    /// <summary>Plans every team with a <c>slack.usergroup</c>: read actual (the groups), plan, apply unless <paramref name="dryRun"/>.</summary>
    private async Task<IReadOnlyList<UsergroupPlan>> SyncGroupsAsync(
        IUserGroupDirectory directory, ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> gitHubMembers, bool dryRun, CancellationToken ct)
    {
        var existing = await directory.ListGroupsAsync(ct);
        var plans = new List<UsergroupPlan>();
        foreach (var team in config.Teams.Where(t => t.SlackUsergroup is not null))
        {
            var group = existing.FirstOrDefault(g => string.Equals(g.Handle, team.SlackUsergroup, StringComparison.OrdinalIgnoreCase));
            var members = team.GitHubTeam is null ? new HashSet<string>() : gitHubMembers.GetValueOrDefault(team.Name);
            var lookups = await LookupAsync(directory, config, TeamSyncPlanner.DesiredLogins(team, members), ct);
            var plan = TeamSyncPlanner.Plan(team, members, lookups, group?.Users ?? []);
            plans.Add(plan);
            if (!dryRun && plan.Skipped is null)
            {
                await ApplyAsync(directory, team, group, plan, ct);
            }
        }

        return plans;
    }

    /// <summary>people.yaml's Slack id first, then the person's email through the directory.</summary>
    private static async Task<IReadOnlyList<SlackLookup>> LookupAsync(IUserGroupDirectory directory, ConfigRepository config, IReadOnlyList<string> logins, CancellationToken ct)
    {
        var lookups = new List<SlackLookup>();
        foreach (var login in logins)
        {
            var person = config.FindPerson(login);
            var lookup = person switch
            {
                { Slack: { } id } => new SlackLookup(login, id),
                { Email: { } email } => await directory.FindByEmailAsync(email, ct) is var found && found.Failed
                    ? SlackLookup.Error(login)
                    : new SlackLookup(login, found.UserId),
                _ => SlackLookup.Unmapped(login),
            };
            lookups.Add(lookup);
        }

        return lookups;
    }

    private async Task ApplyAsync(IUserGroupDirectory directory, Team team, UserGroup? group, UsergroupPlan plan, CancellationToken ct)
    {
        var id = group?.Id ?? await directory.CreateGroupAsync(team.Name, plan.Handle, $"Team {team.Name} (managed by teamclustersync)", ct);
        if (group is { IsDisabled: true })
        {
            await directory.EnableGroupAsync(id, ct);
        }

        if (group is null || plan.ChangesSomething)
        {
            await directory.SetMembersAsync(id, plan.Members, ct);
            logger.LogInformation("@{Handle}: added {Added}, removed {Removed}", plan.Handle, plan.Add.Count, plan.Remove.Count);
        }
    }
}

/// <summary>What one sync found and did.</summary>
/// <param name="GitHubMembers">Team name → its GitHub team's logins; null where they could not be read.</param>
/// <param name="Recorded">The teams whose <c>state/sync/</c> record changed.</param>
public sealed record TeamSyncReport(
    IReadOnlyDictionary<string, IReadOnlySet<string>?> GitHubMembers,
    IReadOnlySet<string> Recorded,
    IReadOnlyList<UsergroupPlan> Usergroups,
    IReadOnlyList<string> Problems)
{
    public bool AllWell => Problems.Count == 0 && Usergroups.All(p => p.Skipped is null && p.LookupFailed.Count == 0);
}
