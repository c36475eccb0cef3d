using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Sync;

/// <summary>
/// Reconciles each team's Slack user group with its members: read desired (team file + GitHub team), read actual
/// (usergroups.list), plan with <see cref="TeamSyncPlanner"/>, apply only what the plan says. Anything that cannot be
/// read becomes a failure in the plan, never a smaller group.
/// </summary>
public sealed class UsergroupSync(SlackClient slack, ILogger? logger = null)
{
    private readonly ILogger log = logger ?? NullLogger.Instance;

    /// <summary>Plans every team with a <c>slack.usergroup</c>, and applies the plans unless <paramref name="dryRun"/>.</summary>
    /// <param name="gitHubMembers">Team name → its GitHub team's logins, null where they could not be read.</param>
    public async Task<IReadOnlyList<UsergroupPlan>> RunAsync(
        ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> gitHubMembers, bool dryRun, CancellationToken ct = default)
    {
        var groups = await slack.ListUsergroupsAsync(includeUsers: true, includeDisabled: true, ct);
        var plans = new List<UsergroupPlan>();
        foreach (var team in config.Teams.Where(t => t.SlackUsergroup is not null))
        {
            var group = groups.FirstOrDefault(g => string.Equals(g.Handle, team.SlackUsergroup, StringComparison.OrdinalIgnoreCase));
            var members = team.GitHubTeam is null ? new HashSet<string>() : gitHubMembers.GetValueOrDefault(team.Name);
            var lookups = await LookupAsync(config, TeamSyncPlanner.DesiredLogins(team, members), ct);
            var plan = TeamSyncPlanner.Plan(team, members, lookups, group?.Users ?? []);
            plans.Add(plan);
            if (!dryRun && plan.Skipped is null)
            {
                await ApplyAsync(team, group, plan, ct);
            }
        }

        return plans;
    }

    /// <summary>people.yaml's Slack id first, then the person's email through users.lookupByEmail.</summary>
    private async Task<IReadOnlyList<SlackLookup>> LookupAsync(ConfigRepository config, IReadOnlyList<string> logins, CancellationToken ct)
    {
        var lookups = new List<SlackLookup>();
        foreach (var login in logins)
        {
            var person = config.FindPerson(login);
            if (person?.Slack is { } id)
            {
                lookups.Add(new SlackLookup(login, id));
                continue;
            }

            if (person?.Email is not { } email)
            {
                lookups.Add(SlackLookup.Unmapped(login));
                continue;
            }

            try
            {
                lookups.Add(new SlackLookup(login, (await slack.LookupByEmailAsync(email, ct))?.Id));
            }
            catch (Exception e) when (e is SlackApiException or HttpRequestException)
            {
                log.LogWarning("Slack lookup of @{Login} failed: {Error}", login, e.Message);
                lookups.Add(SlackLookup.Error(login));
            }
        }

        return lookups;
    }

    private async Task ApplyAsync(Team team, SlackUsergroup? group, UsergroupPlan plan, CancellationToken ct)
    {
        var id = group?.Id ?? (await slack.CreateUsergroupAsync(new CreateUsergroupRequest(team.Name, plan.Handle, $"Team {team.Name} (managed by teamclustersync)"), ct)).Id;
        if (group is { IsDisabled: true })
        {
            await slack.EnableUsergroupAsync(id, ct);
        }

        if (group is null || plan.ChangesSomething)
        {
            await slack.SetUsergroupUsersAsync(id, plan.Members, ct);
            log.LogInformation("@{Handle}: added {Added}, removed {Removed}", plan.Handle, plan.Add.Count, plan.Remove.Count);
        }
    }
}
