using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// The chat side of one sync, in a handful of calls: every group read once, the workspace's people listed once (only
/// if someone is mapped by email), then a write only for the groups whose members change. A directory that cannot be
/// read changes nothing; a listing of people that fails counts as failed lookups, which never shrink a group.
/// </summary>
internal sealed class UsergroupSync(
    IUserGroupDirectory directory, ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> gitHubMembers, ILogger logger)
{
    /// <summary>people.yaml by GitHub login: a sync looks up every member of every team, so not by scanning the list.</summary>
    private readonly Dictionary<string, Person> people = config.People
        .GroupBy(p => p.GitHub, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private IReadOnlyDictionary<string, string>? byEmail;
    private bool byEmailFailed;

    public async Task<IReadOnlyList<UsergroupPlan>> RunAsync(bool dryRun, List<string> problems, CancellationToken ct)
    {
        IReadOnlyList<UserGroup> existing;
        try
        {
            existing = await directory.ListGroupsAsync(ct);
        }
        catch (UserGroupDirectoryException e)
        {
            problems.Add($"{e.Message}; no user group was read or changed");
            return [];
        }

        var plans = new List<UsergroupPlan>();
        foreach (var team in config.Teams.Where(t => t.SlackUsergroup is not null))
        {
            var group = existing.FirstOrDefault(g => string.Equals(g.Handle, team.SlackUsergroup, StringComparison.OrdinalIgnoreCase));
            var members = team.GitHubTeam is null ? new HashSet<string>() : gitHubMembers.GetValueOrDefault(team.Name);
            var lookups = await LookupAsync(TeamSyncPlanner.DesiredLogins(team, members), problems, ct);
            var plan = TeamSyncPlanner.Plan(team, members, lookups, group?.Users ?? [], config.Settings.Sync);
            plans.Add(plan);
            if (!dryRun && plan.Skipped is null)
            {
                await ApplyAsync(team, group, plan, problems, ct);
            }
        }

        return plans;
    }

    /// <summary>people.yaml's Slack id first, then the person's email in the one listing of the workspace.</summary>
    private async Task<IReadOnlyList<SlackLookup>> LookupAsync(IReadOnlyList<string> logins, List<string> problems, CancellationToken ct)
    {
        var lookups = new List<SlackLookup>(logins.Count);
        foreach (var login in logins)
        {
            lookups.Add(people.GetValueOrDefault(login) switch
            {
                { Slack: { } id } => new SlackLookup(login, id),
                { Email: { } email } => await UsersByEmailAsync(problems, ct) is { } users
                    ? new SlackLookup(login, users.GetValueOrDefault(email))
                    : SlackLookup.Error(login),
                _ => SlackLookup.Unmapped(login),
            });
        }

        return lookups;
    }

    private async Task<IReadOnlyDictionary<string, string>?> UsersByEmailAsync(List<string> problems, CancellationToken ct)
    {
        if (byEmail is null && !byEmailFailed)
        {
            try
            {
                byEmail = await directory.UsersByEmailAsync(config.Settings.Sync.IncludeGuests, ct);
            }
            catch (UserGroupDirectoryException e)
            {
                byEmailFailed = true;
                problems.Add($"{e.Message}; people mapped by email were not looked up, so no group loses anyone");
            }
        }

        return byEmail;
    }

    private async Task ApplyAsync(Team team, UserGroup? group, UsergroupPlan plan, List<string> problems, CancellationToken ct)
    {
        try
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
                TeamClusterSyncMetrics.TeamSyncChanges.Add(plan.Add.Count, TeamClusterSyncMetrics.Tag("team", plan.Team), TeamClusterSyncMetrics.Tag("change", "added"));
                TeamClusterSyncMetrics.TeamSyncChanges.Add(plan.Remove.Count, TeamClusterSyncMetrics.Tag("team", plan.Team), TeamClusterSyncMetrics.Tag("change", "removed"));
            }
        }
        catch (UserGroupDirectoryException e)
        {
            problems.Add($"@{plan.Handle} ({team.Name}): {e.Message}; the group may not match the plan");
        }
    }
}
