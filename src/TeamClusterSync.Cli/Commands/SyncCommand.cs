using System.Text.Json;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Sync;
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
        For every team with slack.usergroup: members are the team file's members and admins plus the GitHub team's
        (github.team in github.org), mapped to Slack through people.yaml (slack: id, else email lookup). A group is
        never shrunk because something could not be read, and never emptied.
        Environment: SLACK_BOT_TOKEN (required, scopes usergroups:read/write, users:read.email), GITHUB_TOKEN (read:org;
        without it, teams that name a GitHub team are skipped), SLACK_API_URL / GITHUB_API_URL to point elsewhere.
        Exit codes: 0 every group in sync, 1 some team was skipped or the repo could not be read, 2 usage or missing token.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, DryRun, CliOption.Output];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        if (environment("SLACK_BOT_TOKEN") is not { Length: > 0 } slackToken)
        {
            console.Error.WriteLine("teamclustersync sync: SLACK_BOT_TOKEN is not set (a bot token with usergroups:read and usergroups:write)");
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

            using var http = new HttpClient();
            var slack = new SlackClient(Url("SLACK_API_URL") ?? SlackClient.DefaultBaseUri, http, slackToken);
            var plans = await new UsergroupSync(slack, GitHubMembers()).RunAsync(config, args.Flag("dry-run"));
            Print(plans, args, console);
            return plans.Any(p => p.Skipped is not null || p.LookupFailed.Count > 0) ? ExitCodes.Failed : ExitCodes.Ok;
        });
    }

    private Func<string, string, Task<IReadOnlySet<string>?>> GitHubMembers()
    {
        if (environment("GITHUB_TOKEN") is not { Length: > 0 } token)
        {
            return (_, _) => throw new InvalidOperationException("GITHUB_TOKEN is not set");
        }

        var teams = GitHubTeams.Create(token, Url("GITHUB_API_URL"));
        return teams.MembersAsync;
    }

    private Uri? Url(string variable) =>
        environment(variable) is { Length: > 0 } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null;

    private static void Print(IReadOnlyList<UsergroupPlan> plans, CliArgs args, Terminal console)
    {
        if (args.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(plans, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return;
        }

        var verb = args.Flag("dry-run") ? "would " : "";
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
