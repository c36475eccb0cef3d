using TeamClusterSync.Config;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;
using TeamClusterSync.Git;
using TeamClusterSync.GitHub;
using TeamClusterSync.Slack.Sync;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Sync;

/// <summary>What one sync found and did.</summary>
internal sealed record TeamSyncResult(
    IReadOnlyDictionary<string, IReadOnlySet<string>?> GitHubMembers,
    IReadOnlySet<string> Recorded,
    IReadOnlyList<UsergroupPlan> Usergroups,
    IReadOnlyList<string> Problems)
{
    public bool AllWell => Problems.Count == 0 && Usergroups.All(p => p.Skipped is null && p.LookupFailed.Count == 0);
}

/// <summary>
/// One team sync, as <c>sync</c> runs it by hand and <c>serve</c> on a schedule: read the GitHub teams, commit their
/// members to <c>state/sync/</c>, then reconcile the Slack user groups. Either side may be absent.
/// </summary>
internal sealed class TeamSyncRun(StateStore store, GitHubTeams? gitHub, SlackClient? slack)
{
    public async Task<TeamSyncResult> RunAsync(bool dryRun, string source, CancellationToken ct = default)
    {
        var loaded = ConfigLoader.Load((await store.ReadAsync(ct)).Config);
        if (loaded.Config is not { } config)
        {
            return new TeamSyncResult(
                new Dictionary<string, IReadOnlySet<string>?>(), new HashSet<string>(), [],
                [$"the config repo has {loaded.Diagnostics.Count} error(s); run 'teamclustersync validate'"]);
        }

        var problems = new List<string>();
        var members = await GitHubMembersAsync(config, problems);
        var recorded = dryRun ? new HashSet<string>() : await RecordAsync(config, members, source, ct);
        var plans = slack is null ? [] : await new UsergroupSync(slack).RunAsync(config, members, dryRun, ct);
        return new TeamSyncResult(members, recorded, plans, problems);
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlySet<string>?>> GitHubMembersAsync(ConfigRepository config, List<string> problems)
    {
        if (gitHub is not null)
        {
            return await gitHub.ReadAllAsync(config, problems);
        }

        var teams = config.Teams.Where(t => t.GitHubTeam is not null).ToList();
        problems.AddRange(teams.Select(t => $"team {t.Name}: GITHUB_TOKEN is not set, so GitHub team {t.GitHubTeam} was not read"));
        return teams.ToDictionary(t => t.Name, _ => (IReadOnlySet<string>?)null);
    }

    /// <summary>Commits each team's GitHub members to <c>state/sync/</c>; returns the teams whose record changed.</summary>
    private async Task<HashSet<string>> RecordAsync(
        ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> members, string source, CancellationToken ct)
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
}
