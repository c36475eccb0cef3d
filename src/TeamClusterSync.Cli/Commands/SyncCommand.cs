using System.Text.Json;
using TeamClusterSync.Config;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;
using TeamClusterSync.Git;
using TeamClusterSync.GitHub;
using TeamClusterSync.Slack.Sync;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli;

/// <summary><c>teamclustersync sync</c>: GitHub team membership (and each team file's members) → Slack user groups.</summary>
internal sealed class SyncCommand(Func<string, string?>? environment = null) : ICliCommand
{
    private static readonly CliOption DryRun = new("dry-run", null, "show the plan, change nothing in Slack");

    private readonly Func<string, string?> environment = environment ?? Environment.GetEnvironmentVariable;

    public string Name => "sync";

    public string Summary => "sync each team's Slack user group with its GitHub team and team file";

    public string Usage => "teamclustersync sync [--repo PATH_OR_URL] [--dry-run] [--output text|json]";

    public string Details => """
        GitHub: with GITHUB_TOKEN (read:org), the members of each team's github.team (in github.org) are committed to
        state/sync/<team>.yaml, and from then on count as team members for leases, like the team file's members.
        Slack: with SLACK_BOT_TOKEN (usergroups:read, usergroups:write, users:read.email), each slack.usergroup is set
        to the team file's members and admins plus the GitHub members, mapped through people.yaml (slack: id, else
        email lookup). A group is never shrunk because something could not be read, and never emptied.
        SLACK_API_URL / GITHUB_API_URL point elsewhere (Enterprise, a proxy). Run it on a schedule, e.g. a CronJob.
        Exit codes: 0 all in sync, 1 something could not be read or a team was skipped, 2 usage or no token at all.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, DryRun, CliOption.Output];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        var slackToken = environment("SLACK_BOT_TOKEN") is { Length: > 0 } s ? s : null;
        var gitHubToken = environment("GITHUB_TOKEN") is { Length: > 0 } g ? g : null;
        if (slackToken is null && gitHubToken is null)
        {
            console.Error.WriteLine("teamclustersync sync: nothing to sync: set GITHUB_TOKEN (read:org) to record GitHub team members, "
                + "and/or SLACK_BOT_TOKEN (usergroups:read, usergroups:write) to update Slack user groups");
            return ExitCodes.Usage;
        }

        return await StoreOptionsFromArgs.RunAsync(args, console, Name, async store =>
        {
            var loaded = ConfigLoader.Load((await store.ReadAsync()).Config);
            if (loaded.Config is not { } config)
            {
                console.Error.WriteLine($"teamclustersync sync: the config repo has {loaded.Diagnostics.Count} error(s); run 'teamclustersync validate'");
                return ExitCodes.Failed;
            }

            var dryRun = args.Flag("dry-run");
            var problems = new List<string>();
            var members = await GitHubMembersAsync(config, gitHubToken, problems);
            var recorded = dryRun ? new HashSet<string>() : await RecordAsync(store, config, members);
            IReadOnlyList<UsergroupPlan> plans = [];
            if (slackToken is not null)
            {
                using var http = new HttpClient();
                var slack = new SlackClient(Url("SLACK_API_URL") ?? SlackClient.DefaultBaseUri, http, slackToken);
                plans = await new UsergroupSync(slack).RunAsync(config, members, dryRun);
            }

            Print(members, recorded, plans, args, console);
            foreach (var problem in problems)
            {
                console.Error.WriteLine($"teamclustersync sync: {problem}");
            }

            return problems.Count > 0 || plans.Any(p => p.Skipped is not null || p.LookupFailed.Count > 0) ? ExitCodes.Failed : ExitCodes.Ok;
        });
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlySet<string>?>> GitHubMembersAsync(ConfigRepository config, string? token, List<string> problems)
    {
        if (token is not null)
        {
            return await GitHubTeams.Create(token, Url("GITHUB_API_URL")).ReadAllAsync(config, problems);
        }

        var teams = config.Teams.Where(t => t.GitHubTeam is not null).ToList();
        problems.AddRange(teams.Select(t => $"team {t.Name}: GITHUB_TOKEN is not set, so GitHub team {t.GitHubTeam} was not read"));
        return teams.ToDictionary(t => t.Name, _ => (IReadOnlySet<string>?)null);
    }

    /// <summary>Commits each team's GitHub members to <c>state/sync/</c>; returns the teams whose record changed.</summary>
    private static async Task<HashSet<string>> RecordAsync(
        StateStore store, ConfigRepository config, IReadOnlyDictionary<string, IReadOnlySet<string>?> members)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (team, logins) in members)
        {
            if (logins is not null
                && await store.RecordMembersAsync(new TeamMembers(team, config.FindTeam(team)!.GitHubTeam!, [.. logins]), "cli") is not null)
            {
                changed.Add(team);
            }
        }

        return changed;
    }

    private Uri? Url(string variable) =>
        environment(variable) is { Length: > 0 } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null;

    private static void Print(
        IReadOnlyDictionary<string, IReadOnlySet<string>?> members, HashSet<string> recorded, IReadOnlyList<UsergroupPlan> plans, CliArgs args, Terminal console)
    {
        var read = members.Where(m => m.Value is not null).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        if (args.Json)
        {
            var output = new
            {
                members = read.ToDictionary(m => m.Key, m => m.Value!.Order(StringComparer.OrdinalIgnoreCase).ToList()),
                recorded = recorded.Order(StringComparer.Ordinal).ToList(),
                usergroups = plans,
            };
            console.Out.WriteLine(JsonSerializer.Serialize(output, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return;
        }

        var dryRun = args.Flag("dry-run");
        foreach (var (team, logins) in read)
        {
            var what = dryRun ? "not recorded (dry run)" : recorded.Contains(team) ? "recorded in " + TeamMembersYaml.PathOf(team) : "unchanged";
            console.Out.WriteLine($"{team}: {logins!.Count} GitHub member(s), {what}");
        }

        var verb = dryRun ? "would " : "";
        foreach (var plan in plans)
        {
            var line = plan.Skipped is { } why
                ? $"@{plan.Handle} ({plan.Team}): skipped: {why}"
                : $"@{plan.Handle} ({plan.Team}): {(plan.ChangesSomething ? $"{verb}add {plan.Add.Count}, {verb}remove {plan.Remove.Count}" : "in sync")}, {plan.Members.Count} members";
            if (plan.Unmapped.Count > 0)
            {
                line += "; not in Slack (add to people.yaml): " + string.Join(", ", plan.Unmapped.Select(l => "@" + l));
            }

            if (plan.LookupFailed.Count > 0)
            {
                line += "; lookup failed, kept everyone: " + string.Join(", ", plan.LookupFailed.Select(l => "@" + l));
            }

            console.Out.WriteLine(line);
        }
    }
}
