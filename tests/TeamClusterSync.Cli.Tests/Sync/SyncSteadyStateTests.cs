using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Sync;

/// <summary>
/// <c>sync</c> run again and again, each run a new command over the same cache directory, as a CronJob or a second
/// process would: nothing changed costs only free 304s and no Slack write or commit; one change costs one commit and one write.
/// </summary>
public sealed class SyncSteadyStateTests : IAsyncLifetime
{
    private SyncWorld world = null!;

    public async Task InitializeAsync() => world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Nothing_changed_means_only_304s_no_slack_write_and_no_commit_even_from_a_new_process()
    {
        await world.SyncAsync();
        var (requests, calls, commits) = (world.GitHub.Requests.Count, world.Slack.Calls.Count, world.SyncCommits());

        var (code, stdout, stderr) = await world.SyncAsync();

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(
            """
            redhat-coreos: 3 GitHub member(s), unchanged
            @team-mco (machine-config): in sync, 2 members
            @team-rhcos (redhat-coreos): in sync, 3 members; not in Slack (add to people.yaml): @dustymabe

            """,
            stdout);
        var steady = world.GitHub.Requests.Skip(requests).ToList();
        Assert.Equal([304], steady.Select(r => r.Status));
        Assert.All(steady, r => Assert.NotNull(r.IfNoneMatch));
        Assert.Equal(["usergroups.list"], world.Slack.Calls.Skip(calls).Select(c => c.Method));
        Assert.Equal(commits, world.SyncCommits());
    }

    [Fact]
    public async Task One_member_added_on_github_is_one_commit_and_one_group_write_for_that_team_only()
    {
        await world.SyncAsync();
        var calls = world.Slack.Calls.Count;
        world.GitHub.SetTeam("openshift", SyncWorld.Coreos, "cgwalters", "miabbott", "dustymabe", "sinnykumari");

        var (code, stdout, _) = await world.SyncAsync();

        Assert.Equal(0, code);
        Assert.StartsWith("redhat-coreos: 4 GitHub member(s), recorded in state/sync/redhat-coreos.yaml\n", stdout, StringComparison.Ordinal);
        Assert.Equal(
            "sync: GitHub members of team redhat-coreos changed\n\nredhat-coreos: 4 member(s), +sinnykumari\n\n"
            + "Team: redhat-coreos\nActor: sync\nAction: sync\nSource: cli\n\n",
            GitCli.Run(world.Origin, "log", "-1", "--format=%B", "main"));
        Assert.Equal(2, world.SyncCommits().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(["usergroups.list", "usergroups.users.update"], world.Slack.Calls.Skip(calls).Select(c => c.Method));
        Assert.Equal(world.Group("team-rhcos").Id, world.Slack.Calls[^1].Arg("usergroup"));
        Assert.Contains("U01SINNYKUMARI", world.Group("team-rhcos").Users);
    }

    [Fact]
    public async Task A_member_who_is_new_in_slack_too_is_one_write_to_that_group()
    {
        await world.SyncAsync();
        var calls = world.Slack.Calls.Count;
        world.Slack.AddUser("U0NEWBIE", "newbie", "newbie@example.com");
        world.Edit("people.yaml", text => text + "- github: newbie\n  email: newbie@example.com\n");
        world.GitHub.SetTeam("openshift", SyncWorld.Coreos, "cgwalters", "miabbott", "dustymabe", "newbie");

        var (code, _, _) = await world.SyncAsync();

        Assert.Equal(0, code);
        Assert.Equal(["usergroups.list", "users.list", "usergroups.users.update"], world.Slack.Calls.Skip(calls).Select(c => c.Method));
        Assert.Contains("U0NEWBIE", world.Group("team-rhcos").Users);
    }

    [Fact]
    public async Task People_are_mapped_by_email_from_paged_users_list_without_bots_guests_or_deactivated_accounts()
    {
        world.Edit("people.yaml", text => text
            + "- github: dustymabe\n  email: dusty@example.com\n- github: guest\n  email: guest@example.com\n"
            + "- github: gone\n  email: gone@example.com\n- github: robot\n  email: robot@example.com\n");
        world.Edit("teams/redhat-coreos.yaml", text => text + "  - guest\n  - gone\n  - robot\n");
        for (var i = 0; i < 250; i++)
        {
            world.Slack.AddUser($"U1{i:D5}", $"filler{i}", $"filler{i}@example.com");
        }

        world.Slack.AddUser("U0DUSTY", "dusty", "Dusty@Example.com");
        world.Slack.AddUser("U0GUEST", "guest", "guest@example.com", isGuest: true);
        world.Slack.AddUser("U0GONE", "gone", "gone@example.com", deleted: true);
        world.Slack.AddUser("U0ROBOT", "robot", "robot@example.com", isBot: true);

        var (_, stdout, _) = await world.SyncAsync();

        Assert.Contains("@team-rhcos (redhat-coreos): add 3, remove 1, 4 members; not in Slack (add to people.yaml): @gone, @guest, @robot\n", stdout, StringComparison.Ordinal);
        Assert.Contains("U0DUSTY", world.Group("team-rhcos").Users);
        Assert.Equal(2, world.Slack.CallsTo("users.list").Count);
        Assert.Empty(world.Slack.CallsTo("users.lookupByEmail"));
    }
}
