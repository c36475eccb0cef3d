namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// The flow without dead ends (issue 10), word for word: every holder named and kept in the loop, answers with
/// several people waiting, the requester always hearing the outcome, extend's limits, and whoami / auth.
/// </summary>
public sealed class ConversationTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Every_holder_is_named_and_asked_and_the_first_answer_settles_it_for_all()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster ping");
        await bot.HandleAsync("miabbott", "yes");

        var inUse = await bot.HandleAsync("jlebon", "teamcluster request");
        var ping = await bot.HandleAsync("jlebon", "teamcluster ping");
        var no = await bot.HandleAsync("cgwalters", "no @jlebon rebasing onto master");
        var late = await bot.HandleAsync("miabbott", "no");

        Assert.Equal(
            """
            @jlebon: cluster https://console.team-redhat-coreos.devcluster.openshift.com/ is in use by @miabbott and @cgwalters
            @jlebon: use `teamcluster ping` to send a message to @miabbott and @cgwalters requesting current credentials
            """,
            AppFixture.Render(inUse));
        Assert.Equal(
            """
            @jlebon: I asked @miabbott and @cgwalters for access to team-rhcos; you will hear back here (or `teamcluster wait` to get in line for when it is free)
            @miabbott: user @jlebon has requested access; team-rhcos takes 2 holders at a time, so reply "yes" to hand it over (your access ends), "no <reason>" to indicate refusal
            @cgwalters: user @jlebon has requested access; team-rhcos takes 2 holders at a time, so reply "yes" to hand it over (your access ends), "no <reason>" to indicate refusal
            """,
            AppFixture.Render(ping));
        Assert.Equal(
            """
            @jlebon: @cgwalters refused your request for team-rhcos: rebasing onto master
            @cgwalters: I told @jlebon no
            @miabbott: @cgwalters answered @jlebon's request for team-rhcos: no (rebasing onto master)
            """,
            AppFixture.Render(no));
        Assert.Equal("@miabbott: nobody is waiting for an answer about team-rhcos", AppFixture.Render(late));
    }

    [Fact]
    public async Task With_two_waiting_a_bare_answer_asks_whom_and_a_named_answer_works_for_either()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster ping");
        await bot.HandleAsync("jlebon", "teamcluster ping");

        var bare = await bot.HandleAsync("miabbott", "yes");
        var named = await bot.HandleAsync("miabbott", "no @jlebon only one more fits");

        Assert.Equal(
            "@miabbott: 2 people are waiting for team-rhcos: @cgwalters and @jlebon; say whom you answer, e.g. `yes @cgwalters` or `no @cgwalters <reason>`",
            AppFixture.Render(bare));
        Assert.Equal("@jlebon: @miabbott refused your request for team-rhcos: only one more fits\n@miabbott: I told @jlebon no", AppFixture.Render(named));
    }

    [Fact]
    public async Task A_requester_hears_when_the_lease_runs_out_instead_of_an_answer()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        await bot.HandleAsync("yuqi-zhang", "teamcluster ping");
        fixture.Clock.Advance(TimeSpan.FromHours(4));

        var expiry = await bot.ExpireAsync();

        Assert.Contains(
            "@yuqi-zhang: the lease on team-mco ran out, so the cluster is free now: take it with `teamcluster request`",
            AppFixture.Render(expiry).Split('\n'));
    }

    [Fact]
    public async Task Extend_takes_the_cluster_in_either_order_and_answers_its_limits_clearly()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        fixture.Clock.Advance(TimeSpan.FromHours(7));

        var either = await bot.HandleAsync("miabbott", "teamcluster extend team-rhcos 2h");
        var toLimit = await bot.HandleAsync("miabbott", "teamcluster extend 8h");
        var capped = await bot.HandleAsync("miabbott", "teamcluster extend 1h team-rhcos");
        var tooLong = await bot.HandleAsync("miabbott", "teamcluster extend 9h");
        var negative = await bot.HandleAsync("miabbott", "teamcluster extend -5h");
        var zero = await bot.HandleAsync("miabbott", "teamcluster extend 0m");

        // 1 h left: 2 h more is added to the end; then 8 h more reaches only the limit, 8 h from now.
        Assert.Equal("@miabbott: your access to team-rhcos now runs until 2026-11-25 19:00 UTC", AppFixture.Render(either));
        Assert.Equal(
            "@miabbott: your access to team-rhcos now runs until 2026-11-26 00:00 UTC, the most it can (a lease runs at most 8h from now)",
            AppFixture.Render(toLimit));
        Assert.Equal(
            "@miabbott: your access to team-rhcos already runs until 2026-11-26 00:00 UTC, so nothing changed (a lease runs at most 8h from now)",
            AppFixture.Render(capped));
        Assert.Equal("@miabbott: you can extend team-rhcos by at most 8h", AppFixture.Render(tooLong));
        Assert.Equal("@miabbott: `extend` only adds time; to give team-rhcos back early, use `teamcluster done`", AppFixture.Render(negative));
        Assert.Equal("@miabbott: extending by nothing changes nothing; say how long, e.g. `teamcluster extend 2h` (at most 8h)", AppFixture.Render(zero));
        Assert.Equal("lease: @miabbott extended team-rhcos until 2026-11-26 00:00 UTC", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task A_reader_who_is_done_is_told_the_cluster_stays_held()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request ro");

        var done = await bot.HandleAsync("jlebon", "teamcluster done");

        Assert.Equal("@jlebon: you released team-rhcos, thanks! The cluster stays held by @miabbott", AppFixture.Render(done));
        Assert.Equal("lease: @jlebon gave up read-only access to team-rhcos", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task Whoami_says_why_someone_is_on_a_team_and_auth_sends_only_what_they_hold()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster ping");

        var whoami = await bot.HandleAsync("jlebon", "teamcluster whoami");
        var stranger = await bot.HandleAsync("octocat", "teamcluster whoami");
        var nothing = await bot.HandleAsync("jlebon", "teamcluster auth team-rhcos");
        var fresh = await bot.HandleAsync("miabbott", "teamcluster auth");

        Assert.Equal(
            """
            @jlebon: you are @jlebon on GitHub
            teams: redhat-coreos (member in teams/redhat-coreos.yaml)
            clusters you may request: team-rhcos
            you hold: nothing on team-rhcos yet (waiting for an answer from @miabbott)
            """,
            AppFixture.Render(whoami));
        Assert.Equal(
            "@octocat: you are @octocat on GitHub\nyou are not a member of any team in the config repo; a team admin can add your GitHub login to the team's file under teams/",
            AppFixture.Render(stranger));
        Assert.Equal(
            "@jlebon: you hold nothing on team-rhcos, so there are no credentials to send; take it with `teamcluster request`",
            AppFixture.Render(nothing));
        Assert.Equal(
            "@miabbott: here is a fresh kubeconfig for cluster https://console.team-redhat-coreos.devcluster.openshift.com/; your access runs until 2026-11-25 17:00 UTC [kubeconfig-team-rhcos.yaml]",
            AppFixture.Render(fresh));
    }
}
