using TeamClusterSync.Cli.Commands;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Sync;

/// <summary><c>sync</c> in the <see cref="SyncWorld"/>: the plan, the guards, and what a failure leaves behind.</summary>
public sealed class SyncCommandTests : IAsyncLifetime
{
    private SyncWorld world = null!;

    private string Origin => world.Origin;

    public async Task InitializeAsync() => world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Groups_follow_the_github_team_and_team_files()
    {
        var (code, stdout, _) = await SyncAsync();

        Assert.Equal(0, code);
        Assert.Equal(
            """
            redhat-coreos: 3 GitHub member(s), recorded in state/sync/redhat-coreos.yaml
            @team-mco (machine-config): add 2, remove 0, 2 members
            @team-rhcos (redhat-coreos): add 2, remove 1, 3 members; not in Slack (add to people.yaml): @dustymabe

            """,
            stdout);
        Assert.Equal(["U01CGWALTERS", "U01JLEBON", "U01MIABBOTT"], Group("team-rhcos").Users.Order(StringComparer.Ordinal));
        Assert.Equal(["U01SINNYKUMARI", "U01YUQIZHANG"], Group("team-mco").Users.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_org_wide_app_names_its_workspace_where_slack_takes_one_and_without_it_changes_no_group()
    {
        world.Slack.ActAsOrgWideApp();

        var (refused, _, stderr) = await SyncAsync();
        Assert.Equal(1, refused);
        Assert.Contains("missing_argument", stderr, StringComparison.Ordinal);
        Assert.Equal(["U01CGWALTERS", "U0FORMER"], Group("team-rhcos").Users);

        world.Environment["SLACK_TEAM_ID"] = SlackStandIn.TeamId;
        var from = world.Slack.Calls.Count;
        var (code, _, _) = await SyncAsync();

        Assert.Equal(0, code);
        Assert.Equal(["U01CGWALTERS", "U01JLEBON", "U01MIABBOTT"], Group("team-rhcos").Users.Order(StringComparer.Ordinal));
        var named = world.Slack.Calls.Skip(from).Where(c => c.Method.StartsWith("usergroups.", StringComparison.Ordinal) || c.Method == "users.list").ToList();
        Assert.Contains(named, c => c.Method == "usergroups.users.update");
        Assert.All(named, c => Assert.Equal(SlackStandIn.TeamId, c.Arg("team_id")));
    }

    [Fact]
    public async Task GitHub_being_down_leaves_the_group_as_it_was_and_exits_1()
    {
        world.GitHub.FailNext(10);

        var (code, stdout, stderr) = await SyncAsync();

        Assert.Equal(1, code);
        Assert.StartsWith("teamclustersync sync: team redhat-coreos: GitHub answered 500 for openshift/openshift-team-red-hat-coreos", stderr, StringComparison.Ordinal);
        Assert.Equal("", GitCli.Run(Origin, "ls-tree", "-r", "--name-only", "main", "state/sync"));
        Assert.EndsWith(
            "@team-rhcos (redhat-coreos): skipped: GitHub team openshift-team-red-hat-coreos could not be read; the group is left as it is\n",
            stdout,
            StringComparison.Ordinal);
        Assert.Equal(["U01CGWALTERS", "U0FORMER"], Group("team-rhcos").Users);
    }

    [Fact]
    public async Task A_dry_run_changes_nothing()
    {
        var (code, stdout, _) = await SyncAsync("--dry-run");

        Assert.Equal(0, code);
        Assert.Contains("@team-rhcos (redhat-coreos): would add 2, would remove 1, 3 members", stdout, StringComparison.Ordinal);
        Assert.Empty(world.Slack.CallsTo("usergroups.users.update"));
        Assert.Empty(world.Slack.CallsTo("usergroups.create"));
        Assert.StartsWith("redhat-coreos: 3 GitHub member(s), not recorded (dry run)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHub_members_are_recorded_in_git_and_may_then_take_the_cluster()
    {
        var before = await ChatAsync("dustymabe", "teamcluster request");
        await SyncAsync();
        var again = await SyncAsync();
        var after = await ChatAsync("dustymabe", "teamcluster request");

        Assert.Contains("is not a member of any team", before, StringComparison.Ordinal);
        Assert.StartsWith("redhat-coreos: 3 GitHub member(s), unchanged\n", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("is currently available", after, StringComparison.Ordinal);
        Assert.Equal(
            "sync: GitHub members of team redhat-coreos changed|redhat-coreos|sync|sync|cli\n",
            GitCli.Run(Origin, "log", "--format=%s|%(trailers:key=Team,valueonly,separator=)|%(trailers:key=Actor,valueonly,separator=)|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Source,valueonly,separator=)", "--", "state/sync"));
        Assert.Equal(
            "team: redhat-coreos\ngithubTeam: openshift-team-red-hat-coreos\nmembers:\n  - cgwalters\n  - dustymabe\n  - miabbott\n",
            GitCli.Run(Origin, "show", "main:state/sync/redhat-coreos.yaml"));
    }

    private async Task<string> ChatAsync(string login, string message)
    {
        var stdout = new StringWriter();
        await CliApp.RunAsync(["chat", "--repo", Origin, "--as", login, "--", message], stdout, new StringWriter(), new StringReader(""), CliEnvironment.WithCache(world.Cache));
        return stdout.ToString();
    }

    [Fact]
    public async Task Without_any_token_it_exits_2()
    {
        var stderr = new StringWriter();
        var command = new SyncCommand(HostSettings.From(_ => null));

        var code = await command.RunAsync(CliArgs.Parse(["--repo", Origin], command.Options), new Terminal(new StringWriter(), stderr, new StringReader("")));

        Assert.Equal(2, code);
        Assert.StartsWith("teamclustersync sync: nothing to sync: set GITHUB_TOKEN (read:org)", stderr.ToString(), StringComparison.Ordinal);
    }

    private StandInUsergroup Group(string handle) => world.Group(handle);

    private Task<(int Code, string Stdout, string Stderr)> SyncAsync(params string[] extra) => world.SyncAsync(extra);
}
