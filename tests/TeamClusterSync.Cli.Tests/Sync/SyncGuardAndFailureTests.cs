namespace TeamClusterSync.Cli.Tests.Sync;

/// <summary>
/// <c>sync</c> when something is wrong: removals above the cap, a rate limit, GitHub or Slack unreachable, a bad Slack
/// token. Each is one clear line and exit 1, with every group left as it was where its side could not be read.
/// </summary>
public sealed class SyncGuardAndFailureTests : IAsyncLifetime
{
    private SyncWorld world = null!;

    public async Task InitializeAsync() => world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Removals_above_the_cap_leave_the_group_unchanged_and_the_dry_run_shows_the_same_plan()
    {
        world.Slack.AddUser("U0F2", "f2", "f2@example.com");
        world.Slack.AddUser("U0F3", "f3", "f3@example.com");
        var id = world.Slack.Usergroups.Single(g => g.Handle == "team-rhcos").Id;
        await SetMembersAsync(id, "U01CGWALTERS,U0FORMER,U0F2,U0F3");
        const string Skipped = "@team-rhcos (redhat-coreos): skipped: would remove 3 of 4 members, more than sync.maxRemovals (25%: 1); the group is left as it is";

        var dry = await world.SyncAsync("--dry-run");
        var real = await world.SyncAsync();

        Assert.Equal(1, real.Code);
        Assert.Contains(Skipped, dry.Stdout, StringComparison.Ordinal);
        Assert.Contains(Skipped, real.Stdout, StringComparison.Ordinal);
        Assert.Equal(["U01CGWALTERS", "U0FORMER", "U0F2", "U0F3"], world.Group("team-rhcos").Users);
        Assert.Equal("", real.Stderr);
    }

    [Fact]
    public async Task A_spent_rate_limit_leaves_the_team_as_it_is_and_says_when_it_will_be_read()
    {
        world.GitHub.SetBudget(5000, 0);

        var (code, stdout, stderr) = await world.SyncAsync();

        Assert.Equal(1, code);
        Assert.Equal(
            "teamclustersync sync: GitHub's rate limit is spent: 1 team(s) (redhat-coreos) not read this run, left as they are; "
            + "they will be read after 2030-01-01 12:00 UTC\n",
            stderr);
        Assert.Contains("@team-rhcos (redhat-coreos): skipped: GitHub team openshift-team-red-hat-coreos could not be read", stdout, StringComparison.Ordinal);
        Assert.Equal(["U01CGWALTERS", "U0FORMER"], world.Group("team-rhcos").Users);
        Assert.Equal("", world.SyncCommits());
    }

    [Fact]
    public async Task GitHub_unreachable_is_one_line_and_slack_groups_without_github_still_sync()
    {
        world.Environment["GITHUB_API_URL"] = "http://127.0.0.1:9/";

        var (code, stdout, stderr) = await world.SyncAsync();

        Assert.Equal(1, code);
        Assert.Matches(@"^teamclustersync sync: GitHub could not be reached: Connection refused \(127\.0\.0\.1:9\); 1 team\(s\) \(redhat-coreos\) not read, left as they are\n$", stderr);
        Assert.Contains("@team-mco (machine-config): add 2, remove 0, 2 members", stdout, StringComparison.Ordinal);
        Assert.Equal(["U01CGWALTERS", "U0FORMER"], world.Group("team-rhcos").Users);
    }

    [Fact]
    public async Task Slack_unreachable_is_one_line_and_github_members_are_still_recorded()
    {
        world.Environment["SLACK_API_URL"] = "http://127.0.0.1:9/api/";

        var (code, stdout, stderr) = await world.SyncAsync();

        Assert.Equal(1, code);
        Assert.Matches(@"^teamclustersync sync: Slack could not be reached to read the user groups: Connection refused \(127\.0\.0\.1:9\); no user group was read or changed\n$", stderr);
        Assert.Equal("redhat-coreos: 3 GitHub member(s), recorded in state/sync/redhat-coreos.yaml\n", stdout);
        Assert.Equal("sync: GitHub members of team redhat-coreos changed\n", world.SyncCommits());
    }

    [Fact]
    public async Task A_bad_slack_token_is_one_line()
    {
        world.Environment["SLACK_BOT_TOKEN"] = "xoxb-wrong";

        var (code, _, stderr) = await world.SyncAsync();

        Assert.Equal(1, code);
        Assert.Equal("teamclustersync sync: Slack could not read the user groups: invalid_auth; no user group was read or changed\n", stderr);
        Assert.Equal(["U01CGWALTERS", "U0FORMER"], world.Group("team-rhcos").Users);
    }

    [Fact]
    public async Task A_slack_rate_limit_is_waited_out_as_retry_after_says()
    {
        world.Slack.RateLimitNext("usergroups.list", retryAfterSeconds: 1);

        var (code, _, _) = await world.SyncAsync();

        Assert.Equal(0, code);
        Assert.Equal([429, 200], world.Slack.CallsTo("usergroups.list").Select(c => c.Status));
    }

    private async Task SetMembersAsync(string id, string users)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["usergroup"] = id, ["users"] = users });
        http.DefaultRequestHeaders.Authorization = new("Bearer", Testing.Slack.SlackStandIn.BotToken);
        (await http.PostAsync(new Uri(world.Slack.ApiBaseUrl, "usergroups.users.update"), form)).EnsureSuccessStatusCode();
    }
}
