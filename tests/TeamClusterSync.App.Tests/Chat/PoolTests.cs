using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// A team of two clusters on a real origin: plain <c>request</c>s take whichever is free, by the pool's preference,
/// and when none is, each is named and its line offered.
/// </summary>
public sealed class PoolTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public PoolTests()
    {
        var second = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-rhcos.yaml"))
            .Replace("name: team-rhcos", "name: team-rhcos-2", StringComparison.Ordinal)
            .Replace("version: \"4.6\"", "version: \"4.16\"", StringComparison.Ordinal)
            .Replace("console.team-redhat-coreos", "console.team-redhat-coreos-2", StringComparison.Ordinal);
        fixture.HumanCommit("clusters/team-rhcos-2.yaml", second);
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Two_plain_requests_get_both_clusters_and_a_third_is_offered_the_line_of_each()
    {
        var bot = await fixture.BotAsync();

        var first = await bot.HandleAsync("miabbott", "teamcluster request");
        var second = await bot.HandleAsync("jlebon", "teamcluster request");
        var third = await bot.HandleAsync("cgwalters", "teamcluster request");

        Assert.StartsWith("@miabbott: cluster https://console.team-redhat-coreos.devcluster", AppFixture.Render(first), StringComparison.Ordinal);
        Assert.StartsWith("@jlebon: cluster https://console.team-redhat-coreos-2.devcluster", AppFixture.Render(second), StringComparison.Ordinal);
        Assert.Equal(
            "@cgwalters: all of your teams' clusters are taken: team-rhcos (held by @miabbott until 2026-11-25 17:00 UTC), "
            + "team-rhcos-2 (held by @jlebon until 2026-11-25 17:00 UTC). Get in line for one with `teamcluster wait team-rhcos` "
            + "or `teamcluster wait team-rhcos-2`, or `teamcluster wait` for the first of them to be free, or ask a holder with `teamcluster ping CLUSTER`",
            AppFixture.Render(third));
        Assert.Equal(
            ["lease: @miabbott took team-rhcos (read-write)", "lease: @jlebon took team-rhcos-2 (read-write)"],
            fixture.Subjects().Where(s => s.StartsWith("lease:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_plain_wait_joins_every_line_and_the_first_cluster_freed_is_offered_and_the_other_line_left()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request");

        var waiting = await bot.HandleAsync("cgwalters", "teamcluster wait");
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var freed = await bot.HandleAsync("jlebon", "teamcluster done");
        var left = LastLeaseCommit("team-rhcos");
        var taken = await bot.HandleAsync("cgwalters", "teamcluster request");
        var other = await bot.HandleAsync("miabbott", "teamcluster done");

        Assert.Equal(
            """
            @cgwalters: you are first in line for team-rhcos; @miabbott holds it; I will offer it to you here when it is free (whichever of your lines offers you a cluster first, you leave the others then)
            @cgwalters: you are first in line for team-rhcos-2; @jlebon holds it; I will offer it to you here when it is free (whichever of your lines offers you a cluster first, you leave the others then)
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(waiting));
        Assert.Equal(
            """
            @jlebon: you released team-rhcos-2, thanks! It is offered to @cgwalters, first in line, until 2026-11-25 09:25 UTC
            @cgwalters: @jlebon is done with team-rhcos-2, so it is free, and you are first in line: it is yours if you take it by 2026-11-25 09:25 UTC with `teamcluster request`
            #team-rhcos: team-rhcos-2 is free (checked clean): offered to @cgwalters, first in line, until 2026-11-25 09:25 UTC
            @cgwalters: you left the line for team-rhcos, since team-rhcos-2 is offered to you (you waited for the first free of them)
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(freed));
        Assert.Equal("teamclustersync|lease: @cgwalters left the line for team-rhcos: offered team-rhcos-2|leave\n", left);
        Assert.StartsWith("@cgwalters: cluster https://console.team-redhat-coreos-2.devcluster", AppFixture.Render(taken), StringComparison.Ordinal);
        Assert.StartsWith("@miabbott: you released team-rhcos, thanks! The next user can take it", AppFixture.Render(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_wait_while_one_is_free_says_which_and_joins_no_line()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var before = fixture.Subjects();

        var wait = await bot.HandleAsync("cgwalters", "teamcluster wait");

        Assert.Equal("@cgwalters: team-rhcos-2 is free, so there is no need to wait: take it with `teamcluster request`", AppFixture.Render(wait));
        Assert.Equal(before, fixture.Subjects());
    }

    /// <summary>The newest commit of a cluster's lease file: author, subject and Action trailer.</summary>
    private string LastLeaseCommit(string cluster) =>
        GitCli.Run(fixture.Origin, "log", "-1", "--format=%an|%s|%(trailers:key=Action,valueonly,separator=)", "main", "--", $"state/leases/{cluster}.yaml");

    [Fact]
    public async Task A_plain_request_takes_the_cluster_one_released_last_and_one_offered_before_any_other()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster wait team-rhcos-2");
        await bot.HandleAsync("miabbott", "teamcluster done");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await bot.HandleAsync("jlebon", "teamcluster done");

        var offered = await bot.HandleAsync("cgwalters", "teamcluster request");
        var releasedLast = await bot.HandleAsync("miabbott", "teamcluster request");

        Assert.StartsWith("@cgwalters: cluster https://console.team-redhat-coreos-2.devcluster", AppFixture.Render(offered), StringComparison.Ordinal);
        Assert.StartsWith("@miabbott: cluster https://console.team-redhat-coreos.devcluster", AppFixture.Render(releasedLast), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_read_only_request_picks_the_same_way_and_says_why_when_none_gives_it()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var readOnly = await bot.HandleAsync("jlebon", "teamcluster request ro");
        await bot.HandleAsync("cgwalters", "teamcluster pause team-rhcos upgrading");
        await bot.HandleAsync("cgwalters", "teamcluster pause team-rhcos-2 upgrading too");

        var none = await bot.HandleAsync("cgwalters", "teamcluster request ro");

        Assert.Contains("[kubeconfig-team-rhcos-readonly.yaml]", AppFixture.Render(readOnly), StringComparison.Ordinal);
        Assert.Contains("lease: @jlebon got read-only access to team-rhcos", fixture.Subjects());
        Assert.Equal(
            "@cgwalters: none of your teams' clusters gives read-only access now: team-rhcos (paused by @cgwalters: upgrading), "
            + "team-rhcos-2 (paused by @cgwalters: upgrading too)",
            AppFixture.Render(none));
    }

    [Fact]
    public async Task A_version_asks_for_a_free_cluster_of_that_version_and_one_nobody_runs_is_answered_with_the_versions_there_are()
    {
        var bot = await fixture.BotAsync();

        var recent = await bot.HandleAsync("miabbott", "teamcluster request 4.16");
        var taken = await bot.HandleAsync("jlebon", "teamcluster request 4.16");
        var readOnly = await bot.HandleAsync("jlebon", "teamcluster request ro 4.16");
        var none = await bot.HandleAsync("jlebon", "teamcluster request 4.17");

        Assert.Equal("kubeconfig-team-rhcos-2.yaml", recent[0].Attachment!.FileName);
        Assert.Equal(
            "@jlebon: all of your teams' OpenShift 4.16 clusters are taken: team-rhcos-2 (held by @miabbott until 2026-11-25 17:00 UTC). "
            + "Get in line for one with `teamcluster wait team-rhcos-2`, or ask a holder with `teamcluster ping CLUSTER`",
            AppFixture.Render(taken));
        Assert.Contains("[kubeconfig-team-rhcos-2-readonly.yaml]", AppFixture.Render(readOnly), StringComparison.Ordinal);
        Assert.Equal("@jlebon: none of your teams' clusters runs OpenShift 4.17; they run: team-rhcos (4.6), team-rhcos-2 (4.16)", AppFixture.Render(none));
    }
}
