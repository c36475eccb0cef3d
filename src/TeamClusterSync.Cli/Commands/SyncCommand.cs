using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Config.State;
using TeamClusterSync.Slack;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync sync</c>: GitHub team members into <c>state/sync/</c>, and every team's Slack user group.</summary>
internal sealed class SyncCommand(HostSettings? settings = null) : ICliCommand
{
    private static readonly CliOption DryRun = new("dry-run", null, "show the plan; change nothing in git or Slack");

    public string Name => "sync";

    public string Summary => "record GitHub team members in the config repo and update the Slack user groups";

    public string Usage => "teamclustersync sync [--repo PATH_OR_URL] [--dry-run] [--output text|json]";

    public string Details => """
        GitHub: with GITHUB_TOKEN (read:org), the members of each team's github.team (in github.org) are read, a few
        teams at a time and each with the ETag of its last read, so an unchanged team costs a free 304; the members of
        the teams that changed are committed to state/sync/<team>.yaml in one commit, and from then on count as team
        members for leases, like the team file's members. Reading stops before the token's rate limit runs out; the
        teams not read are left as they are and reported with the time they will be read.
        Slack: with SLACK_BOT_TOKEN (usergroups:read, usergroups:write, users:read, users:read.email), each
        slack.usergroup is set to the team file's members and admins plus the GitHub members, mapped through people.yaml
        (slack: id, else email, matched in one users.list pass that skips bots, deactivated users and guests); only
        groups whose members change are written. A group is never shrunk because something could not be read, never
        emptied, and left as it is when a run would remove more than sync.maxRemovals (a number or a share, default
        25%) or leave fewer than sync.minGroupSize members (teamclustersync.yaml). --dry-run shows the same plan.
        ETags are cached under TEAMCLUSTERSYNC_CACHE. SLACK_API_URL / GITHUB_API_URL point elsewhere (Enterprise, a proxy).
        Exit codes: 0 all in sync, 1 something could not be read or a group was left as it is, 2 usage or no token at all.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, DryRun, CliOption.Output];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        var host = settings ?? HostSettings.From(console.Environment);
        var slack = host.SlackWebApi();
        if (slack is null && host.GitHubToken is null)
        {
            console.Error.WriteLine("teamclustersync sync: nothing to sync: set GITHUB_TOKEN (read:org) to record GitHub team members, "
                + "and/or SLACK_BOT_TOKEN (usergroups:read, usergroups:write) to update Slack user groups");
            return ExitCodes.Usage;
        }

        return await ConfigRepo.RunAsync(args.Value("repo"), host, console, Name, async store =>
        {
            using var http = new HttpClient();
            await using var services = Composition.Build(host, store, console.Clock, more =>
            {
                if (slack is not null)
                {
                    more.AddSlackWebApi(slack, http);
                }
            });
            var result = await services.GetRequiredService<TeamSyncReconciler>().RunAsync(args.Flag("dry-run"), CommitSource.Cli, CancellationToken.None);
            Print(result, args, console);
            foreach (var problem in result.Problems)
            {
                console.Error.WriteLine($"teamclustersync sync: {problem}");
            }

            return result.AllWell ? ExitCodes.Ok : ExitCodes.Failed;
        });
    }

    private static void Print(TeamSyncReport result, CliArgs args, Terminal console)
    {
        var (members, recorded, plans) = (result.GitHubMembers, result.Recorded, result.Usergroups);
        var read = members.Where(m => m.Value is not null).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        if (args.Json)
        {
            var output = new
            {
                members = read.ToDictionary(m => m.Key, m => m.Value!.Order(StringComparer.OrdinalIgnoreCase).ToList()),
                recorded = recorded.Order(StringComparer.Ordinal).ToList(),
                commit = result.Commit,
                unchanged = result.Unchanged,
                usergroups = plans,
            };
            console.Out.WriteLine(JsonSerializer.Serialize(output, CliJson.Document));
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
