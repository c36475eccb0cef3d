using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

public sealed class CommandEngineTests : IDisposable
{
    private const string Console = "https://console.team-redhat-coreos.devcluster.openshift.com/";
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_free_cluster_is_handed_out_with_its_console_and_a_kubeconfig_and_committed()
    {
        var bot = await fixture.BotAsync();

        var replies = await bot.HandleAsync("miabbott", "teamcluster request");

        Assert.Equal(
            $"""
            @miabbott: cluster {Console} is currently available [kubeconfig-team-rhcos.yaml]
            @miabbott: use `teamcluster done` when you're done (your lease runs until 2026-11-25 17:00 UTC)
            """,
            AppFixture.Render(replies));
        Assert.Contains("token: sim~", replies[0].Attachment!.Content, StringComparison.Ordinal);
        Assert.Equal("lease: @miabbott took team-rhcos (read-write)", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task Someone_outside_every_team_is_told_how_to_get_in_and_nothing_is_committed()
    {
        var bot = await fixture.BotAsync();
        var before = fixture.Subjects();

        var replies = await bot.HandleAsync("octocat", "teamcluster request");

        Assert.Equal(
            "@octocat: @octocat is not a member of any team in the config repo, so there is no cluster for you. "
            + "Ask a team admin to add your GitHub login to the team's file under teams/",
            AppFixture.Render(replies));
        Assert.Equal(before, fixture.Subjects());
    }

    [Fact]
    public async Task A_member_of_another_team_naming_the_cluster_is_refused_and_nothing_is_committed()
    {
        var bot = await fixture.BotAsync();
        var before = fixture.Subjects();

        var replies = await bot.HandleAsync("sinnykumari", "teamcluster request team-rhcos");

        Assert.Equal(
            "@sinnykumari: sorry @sinnykumari, team-rhcos belongs to team redhat-coreos and you are not a member. "
            + "A team admin (@cgwalters) can add you in teams/redhat-coreos.yaml",
            AppFixture.Render(replies));
        Assert.Equal(before, fixture.Subjects());
        Assert.Empty(fixture.Provider.ActiveTokens);
    }

    [Theory]
    [InlineData("teamcluster steal", "\"steal\" is not a teamcluster command")]
    [InlineData("gimme the cluster", "I don't know \"gimme the cluster\"")]
    public async Task Malformed_commands_get_the_short_help(string text, string problem)
    {
        var bot = await fixture.BotAsync();

        var replies = await bot.HandleAsync("miabbott", text);

        Assert.Equal(new OutgoingMessage(new Recipient.User("miabbott"), HelpText.Brief(problem)), Assert.Single(replies));
    }

    [Fact]
    public async Task Two_quick_requests_from_two_replicas_never_both_get_read_write()
    {
        var first = await fixture.BotAsync();
        var second = await fixture.BotAsync();

        var answers = await Task.WhenAll(first.HandleAsync("miabbott", "teamcluster request"), second.HandleAsync("cgwalters", "teamcluster request"));

        var winners = answers.Where(a => a[0].Attachment is not null).ToList();
        var loser = Assert.Single(answers, a => a[0].Attachment is null);
        var winner = ((Recipient.User)Assert.Single(winners)[0].To).Login;
        Assert.Equal($"cluster {Console} is in use by @{winner}", loser[0].Text);
        Assert.Single(fixture.Subjects(), s => s.Contains("took team-rhcos", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_lease_is_released_before_the_next_request_and_its_holder_told()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        fixture.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));

        var replies = await bot.HandleAsync("cgwalters", "teamcluster request");

        Assert.Equal(
            $"""
            @miabbott: your lease on team-rhcos ran out and was released
            @cgwalters: cluster {Console} is currently available [kubeconfig-team-rhcos.yaml]
            @cgwalters: use `teamcluster done` when you're done (your lease runs until 2026-11-26 01:01 UTC)
            """,
            AppFixture.Render(replies));
        Assert.Equal("lease: @miabbott's lease on team-rhcos expired; @cgwalters took team-rhcos (read-write)", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task The_sweep_reminds_a_holder_once_then_releases_the_lease_when_it_runs_out()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");

        fixture.Clock.Advance(TimeSpan.FromHours(7.5) + TimeSpan.FromSeconds(20));
        var reminder = await bot.ExpireAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var nothing = await bot.ExpireAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(29));
        var expiry = await bot.ExpireAsync();

        Assert.Equal(
            "@miabbott: your lease on team-rhcos ends at 2026-11-25 17:00 UTC: use `teamcluster extend` to keep it, or `teamcluster done` to give it back",
            AppFixture.Render(reminder));
        Assert.Empty(nothing);
        Assert.Equal(
            """
            @miabbott: your lease on team-rhcos ran out and was released
            #team-rhcos: team-rhcos is free: use `teamcluster request` to take it
            """,
            AppFixture.Render(expiry));
        var trailers = GitCli.Run(fixture.Origin, "log", "-1", "--format=%s|%(trailers:key=Actor,valueonly,separator=)|%(trailers:key=Source,valueonly,separator=)");
        Assert.Equal("lease: @miabbott's lease on team-rhcos expired|schedule|schedule\n", trailers);
    }

    [Fact]
    public async Task Someone_in_two_teams_takes_a_free_one_of_them_and_an_unknown_name_lists_them()
    {
        JoinMachineConfig("cgwalters");
        var bot = await fixture.BotAsync();

        var any = await bot.HandleAsync("cgwalters", "teamcluster request");
        var unknown = await bot.HandleAsync("cgwalters", "teamcluster request team-ocp");
        var named = await bot.HandleAsync("cgwalters", "teamcluster request team-rhcos");

        Assert.Equal("kubeconfig-team-mco.yaml", any[0].Attachment!.FileName);
        Assert.Equal("@cgwalters: there is no cluster \"team-ocp\". Clusters: team-mco, team-rhcos", AppFixture.Render(unknown));
        Assert.Equal(["lease: @cgwalters took team-mco (read-write)", "lease: @cgwalters took team-rhcos (read-write)"], fixture.Subjects().TakeLast(2));
        Assert.Equal("kubeconfig-team-rhcos.yaml", named[0].Attachment!.FileName);
    }

    [Fact]
    public async Task Done_without_a_name_releases_the_one_cluster_held_or_asks_when_there_are_two()
    {
        JoinMachineConfig("cgwalters");
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("cgwalters", "teamcluster request team-mco");
        await bot.HandleAsync("cgwalters", "teamcluster request team-rhcos");

        var ask = await bot.HandleAsync("cgwalters", "teamcluster done");
        await bot.HandleAsync("cgwalters", "teamcluster done team-rhcos");
        var done = await bot.HandleAsync("cgwalters", "teamcluster done");

        Assert.Equal(
            "@cgwalters: you have access to several clusters (team-mco, team-rhcos); say which, e.g. `teamcluster done team-mco`",
            AppFixture.Render(ask));
        Assert.StartsWith("@cgwalters: you released team-mco, thanks!", AppFixture.Render(done), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reprovisioning_waits_for_the_holder_until_force_after_then_releases_and_rebuilds()
    {
        var bot = await fixture.BotAsync();
        await bot.ReprovisionAsync(); // first sight: both clusters recorded as provisioned now (Wednesday 09:00 UTC)

        // Due Sunday 06:00 Berlin = 05:00 UTC: team-mco (free) is rebuilt; team-rhcos is held and waits.
        At(2026, 11, 29, 4, 0);
        await bot.HandleAsync("miabbott", "teamcluster request");
        At(2026, 11, 29, 5, 0);
        var due = await bot.ReprovisionAsync();

        // Still held two days (forceAfter) after it was due: it goes anyway.
        At(2026, 12, 1, 4, 0);
        await bot.HandleAsync("miabbott", "teamcluster request");
        At(2026, 12, 1, 5, 0);
        var forced = await bot.ReprovisionAsync();

        Assert.Equal(
            "@miabbott: team-rhcos was due for reprovisioning at 2026-11-29 05:00 UTC; it waits until you are done, but no later than 2026-12-01 05:00 UTC",
            AppFixture.Render(due));
        Assert.Equal(
            """
            @miabbott: team-rhcos is being reprovisioned on its schedule, so your access to it ended; it will be fresh for the next `teamcluster request`
            #team-rhcos: team-rhcos is free: use `teamcluster request` to take it
            """,
            AppFixture.Render(forced));
        Assert.Equal(["team-mco", "team-rhcos"], fixture.Provider.Reprovisioned);
        Assert.Equal(
            "cluster: team-rhcos reprovisioned (deferred while in use, now past forceAfter), generation 2\n"
            + "cluster: team-rhcos first seen by the schedule\n",
            GitCli.Run(fixture.Origin, "log", "--format=%s", "--", "state/clusters/team-rhcos.yaml"));
        Assert.Equal("lease: team-rhcos reclaimed for reprovisioning from @miabbott", fixture.Subjects().Last(s => s.StartsWith("lease:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_replicas_due_at_once_rebuild_a_cluster_once()
    {
        var first = await fixture.BotAsync();
        var second = await fixture.BotAsync();
        await first.ReprovisionAsync();
        At(2026, 11, 29, 5, 0);

        await Task.WhenAll(first.ReprovisionAsync(), second.ReprovisionAsync());

        var log = GitCli.Run(fixture.Origin, "log", "--format=%h %an %s", "main");
        Assert.True(new[] { "team-mco", "team-rhcos" }.SequenceEqual(fixture.Provider.Reprovisioned.Order(StringComparer.Ordinal)), log);
        Assert.Single(GitCli.Run(fixture.Origin, "log", "--format=%s", "--", "state/clusters/team-rhcos.yaml").Split('\n'), l => l.Contains("generation 2", StringComparison.Ordinal));
        Assert.Single(GitCli.Run(fixture.Origin, "log", "--format=%s", "--", "state/clusters/team-mco.yaml").Split('\n'), l => l.Contains("generation 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_config_pushed_later_does_not_stop_the_bot()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster status");
        fixture.HumanCommit("teams/redhat-coreos.yaml", "name: [unclosed\n");

        var replies = await bot.HandleAsync("miabbott", "teamcluster request");

        Assert.Equal($"cluster {Console} is currently available", replies[0].Text);
        Assert.Equal("lease: @miabbott took team-rhcos (read-write)", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task A_broken_config_with_no_good_revision_seen_is_reported_not_guessed()
    {
        fixture.HumanCommit("teams/redhat-coreos.yaml", "name: [unclosed\n");
        var bot = await fixture.BotAsync();

        var replies = await bot.HandleAsync("miabbott", "teamcluster request");

        var text = Assert.Single(replies).Text;
        Assert.StartsWith("the config repo at ", text, StringComparison.Ordinal);
        Assert.Contains("has 1 error(s), the first: teams/redhat-coreos.yaml:2:1: error: not valid YAML", text, StringComparison.Ordinal);
        Assert.EndsWith("Ask a team admin to fix it (`teamclustersync validate` lists them all).", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yes_to_someone_who_left_the_team_since_asking_is_refused_with_a_way_out()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster ping");
        var team = File.ReadAllText(Path.Combine(Testing.RepoRoot.ExampleConfig, "teams", "redhat-coreos.yaml"));
        fixture.HumanCommit("teams/redhat-coreos.yaml", team.Replace("  - jlebon\n", "", StringComparison.Ordinal));

        var replies = await bot.HandleAsync("miabbott", "yes");

        Assert.Equal(
            "@miabbott: @jlebon is no longer a member of team redhat-coreos, so they cannot be given team-rhcos; "
            + "answer `no @jlebon <reason>` to clear the request",
            AppFixture.Render(replies));
        Assert.Equal("lease: @jlebon asked @miabbott for team-rhcos", fixture.Subjects()[^2]);
    }

    [Fact]
    public async Task When_the_provider_cannot_mint_fresh_credentials_for_what_is_held_the_lease_stands_and_auth_is_the_retry()
    {
        await (await fixture.BotAsync()).HandleAsync("miabbott", "teamcluster request");
        var failing = await fixture.BotAsync(new FailingProvider());

        var replies = await failing.HandleAsync("miabbott", "teamcluster auth");

        Assert.Null(replies[0].Attachment);
        Assert.Equal(
            $"here is a fresh kubeconfig for cluster {Console}; your access runs until 2026-11-25 17:00 UTC\n"
            + "(the kubeconfig could not be issued just now; your access is recorded, and `teamcluster auth` sends it once the provider answers again)",
            replies[0].Text);
        Assert.Equal("lease: @miabbott took team-rhcos (read-write)", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task History_in_chat_shows_a_revision_a_human_broke_as_unreadable_and_goes_on()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var good = GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml") + "\n";
        fixture.HumanCommit("state/leases/team-rhcos.yaml", "cluster: team-rhcos\nholders: [\n");
        fixture.HumanCommit("state/leases/team-rhcos.yaml", good);

        var lines = Assert.Single(await bot.HandleAsync("cgwalters", "teamcluster history")).Text.Split('\n');

        Assert.Contains(lines, l => l.Contains("human edit of state/leases/team-rhcos.yaml  (this revision could not be read: state/leases/team-rhcos.yaml:", StringComparison.Ordinal));
        Assert.EndsWith("lease: @miabbott took team-rhcos (read-write)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_history_read_the_state_from_git()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request ro");

        var status = await bot.HandleAsync("cgwalters", "teamcluster status");
        var history = await bot.HandleAsync("cgwalters", "teamcluster history");

        Assert.Equal(
            $"team-rhcos (OpenShift 4.6, {Console}): held by @miabbott until 2026-11-25 17:00 UTC; read-only: @jlebon",
            Assert.Single(status).Text);
        var lines = Assert.Single(history).Text.Split('\n');
        Assert.Equal("latest lease changes of team-rhcos (newest first):", lines[0]);
        Assert.EndsWith("lease: @jlebon got read-only access to team-rhcos", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("lease: @miabbott took team-rhcos (read-write)", lines[2], StringComparison.Ordinal);
    }

    /// <summary>Moves the clock to 30 seconds past the given UTC minute.</summary>
    private void At(int year, int month, int day, int hour, int minute) =>
        fixture.Clock.Advance(new DateTimeOffset(year, month, day, hour, minute, 30, TimeSpan.Zero) - fixture.Clock.GetUtcNow());

    /// <summary>A human adds <paramref name="login"/> to team machine-config, so they are in both example teams.</summary>
    private void JoinMachineConfig(string login)
    {
        var mco = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "teams", "machine-config.yaml"));
        fixture.HumanCommit("teams/machine-config.yaml", mco + $"  - {login}\n");
    }

    /// <summary>A provider whose backend is down: the one failure the simulated provider cannot show.</summary>
    private sealed class FailingProvider : IClusterProvider
    {
        public Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct) =>
            throw new HttpRequestException("hub cluster unreachable");

        public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct) => Task.CompletedTask;

        public Task ReprovisionAsync(Cluster cluster, CancellationToken ct) => throw new HttpRequestException("hub cluster unreachable");

        public Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct) => throw new HttpRequestException("hub cluster unreachable");

        public Task RestoreAsync(Cluster cluster, CancellationToken ct) => throw new HttpRequestException("hub cluster unreachable");
    }
}
