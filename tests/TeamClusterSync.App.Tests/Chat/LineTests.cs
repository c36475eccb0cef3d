using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// The line, word for word, through the command engine and the minute sweep on a real origin: two people waiting,
/// the first offered the cluster when the holder is done, someone else turned away during the window, the offer
/// moving on when the window passes, leaving the line, and a ping nobody answers.
/// </summary>
public sealed class LineTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Two_wait_the_first_is_offered_the_cluster_others_are_turned_away_and_the_offer_moves_on_after_the_window()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");

        var inUse = await bot.HandleAsync("cgwalters", "teamcluster request");
        var first = await bot.HandleAsync("cgwalters", "teamcluster wait");
        var second = await bot.HandleAsync("jlebon", "teamcluster wait");
        var again = await bot.HandleAsync("jlebon", "teamcluster wait");
        var status = await bot.HandleAsync("jlebon", "teamcluster status");
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var done = await bot.HandleAsync("miabbott", "teamcluster done");
        var turnedAway = await bot.HandleAsync("jlebon", "teamcluster request");
        fixture.Clock.Advance(TimeSpan.FromMinutes(15));
        var lapsed = await bot.ExpireAsync();
        var taken = await bot.HandleAsync("jlebon", "teamcluster request");

        Assert.Equal(["Wait in line: teamcluster wait team-rhcos"], inUse[1].Buttons!.Select(x => $"{x.Label}: {x.Command}"));
        Assert.Equal("@cgwalters: you are first in line for team-rhcos; @miabbott holds it; I will offer it to you here when it is free", AppFixture.Render(first));
        Assert.Equal("@jlebon: you are in line for team-rhcos, place 2, after @cgwalters; @miabbott holds it; I will tell you here when it is your turn", AppFixture.Render(second));
        Assert.Equal("@jlebon: you are already in line for team-rhcos (you are in line for team-rhcos, place 2, after @cgwalters; @miabbott holds it; I will tell you here when it is your turn)", AppFixture.Render(again));
        Assert.EndsWith("held by @miabbott until 2026-11-25 17:00 UTC; in line: @cgwalters, @jlebon", AppFixture.Render(status), StringComparison.Ordinal);
        Assert.Equal(
            """
            @miabbott: you released team-rhcos, thanks! It is offered to @cgwalters, first in line, until 2026-11-25 09:45 UTC
            @cgwalters: @miabbott is done with team-rhcos, so it is free, and you are first in line: it is yours if you take it by 2026-11-25 09:45 UTC with `teamcluster request`
            #team-rhcos: team-rhcos is free (checked clean): offered to @cgwalters, first in line, until 2026-11-25 09:45 UTC
            """,
            AppFixture.Render(done));
        Assert.Equal(["Take it: teamcluster request team-rhcos", "Leave the line: teamcluster leave team-rhcos"], done[1].Buttons!.Select(x => $"{x.Label}: {x.Command}"));
        Assert.Equal("@jlebon: team-rhcos is free but reserved for @cgwalters, first in line, until 2026-11-25 09:45 UTC; you are in line (place 2)", AppFixture.Render(turnedAway));
        Assert.Equal(
            """
            @cgwalters: you did not take team-rhcos by 2026-11-25 09:45 UTC, so it went to the next in line and you left the line; `teamcluster wait` gets you back in at the end
            @jlebon: team-rhcos is free, and you are first in line: it is yours if you take it by 2026-11-25 10:00 UTC with `teamcluster request`
            """,
            AppFixture.Render(lapsed));
        Assert.StartsWith("@jlebon: cluster https://console.team-redhat-coreos.devcluster.openshift.com/ is currently available [kubeconfig-team-rhcos.yaml]", AppFixture.Render(taken), StringComparison.Ordinal);
        Assert.Equal(
            [
                "lease: @miabbott took team-rhcos (read-write)",
                "lease: @cgwalters joined the line for team-rhcos (place 1)",
                "lease: @jlebon joined the line for team-rhcos (place 2)",
                "lease: @cgwalters is offered team-rhcos until 2026-11-25 09:45 UTC; @miabbott released team-rhcos",
                "lease: @cgwalters did not take team-rhcos in time and left the line; @jlebon is offered team-rhcos until 2026-11-25 10:00 UTC",
                "lease: @jlebon took team-rhcos (read-write)",
            ],
            fixture.Subjects().Where(s => s.StartsWith("lease:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Leaving_the_line_takes_me_out_and_the_state_file_keeps_only_who_still_waits()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster wait");
        await bot.HandleAsync("jlebon", "teamcluster wait");

        var leave = await bot.HandleAsync("cgwalters", "teamcluster leave");
        var notIn = await bot.HandleAsync("cgwalters", "teamcluster leave");
        var holder = await bot.HandleAsync("miabbott", "teamcluster wait");

        Assert.Equal("@cgwalters: you left the line for team-rhcos", AppFixture.Render(leave));
        Assert.Equal("@cgwalters: you are not in line for team-rhcos, so there is nothing to leave", AppFixture.Render(notIn));
        Assert.Equal("@miabbott: you already hold team-rhcos", AppFixture.Render(holder));
        Assert.EndsWith(
            """
            line:
              - user: jlebon
                since: 2026-11-25T09:00:00Z

            """,
            GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ping_nobody_answers_tells_the_requester_and_offers_the_line_and_reminds_the_holder_once()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster ping");

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var timedOut = await bot.ExpireAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var quiet = await bot.ExpireAsync();
        var wait = await bot.HandleAsync("cgwalters", timedOut[0].Buttons![0].Command);

        Assert.Equal(
            """
            @cgwalters: @miabbott did not answer your request for team-rhcos within 2h; I reminded them, and your request stays open. `teamcluster wait` puts you in line for when the cluster is free
            @miabbott: reminder: user @cgwalters asked for access to team-rhcos 2h ago and is still waiting; reply "yes" to grant, "no <reason>" to indicate refusal
            """,
            AppFixture.Render(timedOut));
        Assert.Equal(["teamcluster wait team-rhcos"], timedOut[0].Buttons!.Select(x => x.Command));
        Assert.Equal(["yes @cgwalters", "no @cgwalters no reason given"], timedOut[1].Buttons!.Select(x => x.Command));
        Assert.Empty(quiet);
        Assert.Equal("@cgwalters: you are first in line for team-rhcos; @miabbott holds it; I will offer it to you here when it is free", AppFixture.Render(wait));
        Assert.Contains("lease: @cgwalters's ping for team-rhcos went unanswered for 2h", fixture.Subjects());
    }
}
