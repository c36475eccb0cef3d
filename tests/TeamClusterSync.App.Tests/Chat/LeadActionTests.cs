using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// A team admin's reclaim, pause and resume, word for word through the command engine on a real origin, and each
/// commit in git: authored by the admin, with the admin's reason. Anyone else is told which admins can.
/// </summary>
public sealed class LeadActionTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task An_admin_reclaims_a_cluster_everyone_is_told_who_and_why_and_the_line_is_offered_it()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request ro");
        await bot.HandleAsync("jlebon", "teamcluster wait");

        var reclaimed = await bot.HandleAsync("cgwalters", "teamcluster reclaim team-rhcos away for a week");

        Assert.Equal(
            """
            @miabbott: @cgwalters, an admin of team redhat-coreos, took team-rhcos back: away for a week. Your access to it ended
            @jlebon: @cgwalters, an admin of team redhat-coreos, took team-rhcos back: away for a week. Your access to it ended
            @jlebon: team-rhcos is free, and you are first in line: it is yours if you take it by 2026-11-25 09:15 UTC with `teamcluster request`
            @cgwalters: you took team-rhcos back from @miabbott and @jlebon; they were told it was you and why
            #team-rhcos: @cgwalters took team-rhcos back from @miabbott and @jlebon: away for a week
            #team-rhcos: team-rhcos is free: offered to @jlebon, first in line, until 2026-11-25 09:15 UTC
            """.ReplaceLineEndings("\n"),
            AppFixture.Render(reclaimed));
        Assert.Equal(
            "cgwalters|lease: @cgwalters reclaimed team-rhcos from @miabbott, @jlebon; @jlebon is offered team-rhcos until 2026-11-25 09:15 UTC|reclaim|away for a week\n",
            LastLeaseCommit("team-rhcos"));
        Assert.DoesNotContain(fixture.Provider.ActiveTokens.Keys, k => k.StartsWith("team-rhcos/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_cannot_reclaim_pause_or_resume_and_is_told_which_admins_can()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var before = LastLeaseCommit("team-rhcos");

        var reclaim = await bot.HandleAsync("jlebon", "teamcluster reclaim team-rhcos I need it");
        var pause = await bot.HandleAsync("jlebon", "teamcluster pause team-rhcos upgrade");
        var otherTeam = await bot.HandleAsync("sinnykumari", "teamcluster reclaim team-rhcos mine now");

        const string refused = "only an admin of team redhat-coreos (@cgwalters) can reclaim, pause or resume team-rhcos";
        Assert.Equal($"@jlebon: {refused}", AppFixture.Render(reclaim));
        Assert.Equal($"@jlebon: {refused}", AppFixture.Render(pause));
        Assert.Equal($"@sinnykumari: {refused}", AppFixture.Render(otherTeam));
        Assert.Equal(before, LastLeaseCommit("team-rhcos"));
    }

    [Fact]
    public async Task A_paused_cluster_refuses_requests_with_the_reason_keeps_the_line_and_resume_offers_it()
    {
        var bot = await fixture.BotAsync();
        var paused = await bot.HandleAsync("cgwalters", "teamcluster pause team-rhcos upgrading to 4.17");
        var pausedCommit = LastLeaseCommit("team-rhcos");

        var request = await bot.HandleAsync("miabbott", "teamcluster request");
        var readOnly = await bot.HandleAsync("jlebon", "teamcluster request ro");
        var wait = await bot.HandleAsync("miabbott", "teamcluster wait");
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await bot.ExpireAsync();
        var resumed = await bot.HandleAsync("cgwalters", "teamcluster resume team-rhcos");

        Assert.Equal(
            """
            @cgwalters: team-rhcos is paused: nobody gets new access until an admin runs `teamcluster resume team-rhcos`; who holds it keeps it, and the line is kept
            #team-rhcos: @cgwalters paused team-rhcos: upgrading to 4.17. Requests are refused until it is resumed; `teamcluster wait` keeps a place in line
            """.ReplaceLineEndings("\n"),
            AppFixture.Render(paused));
        const string refused = "team-rhcos is paused by @cgwalters since 2026-11-25 09:00 UTC: upgrading to 4.17. Nobody gets new access until an admin resumes it; "
            + "`teamcluster wait` keeps your place in line";
        Assert.Equal($"@miabbott: {refused}", AppFixture.Render(request));
        Assert.Equal($"@jlebon: {refused}", AppFixture.Render(readOnly));
        Assert.Equal("@miabbott: you are first in line for team-rhcos; it is paused, and I will offer it to you here once it is resumed and free", AppFixture.Render(wait));
        Assert.Equal("cgwalters|lease: @cgwalters paused team-rhcos|pause|upgrading to 4.17\n", pausedCommit);
        Assert.Equal(
            """
            @cgwalters: team-rhcos is in use again: it can be requested (offered first to @miabbott, first in line)
            #team-rhcos: @cgwalters resumed team-rhcos: it can be requested again
            @miabbott: team-rhcos is free, and you are first in line: it is yours if you take it by 2026-11-25 10:15 UTC with `teamcluster request`
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(resumed));
        Assert.Equal("cgwalters|lease: @cgwalters resumed team-rhcos; @miabbott is offered team-rhcos until 2026-11-25 10:15 UTC|resume|\n", LastLeaseCommit("team-rhcos"));
        Assert.StartsWith("@miabbott: cluster https://", AppFixture.Render(await bot.HandleAsync("miabbott", "teamcluster request")), StringComparison.Ordinal);
    }

    /// <summary>The newest commit of a cluster's lease file: author, subject, Action and Reason trailers.</summary>
    private string LastLeaseCommit(string cluster) =>
        GitCli.Run(
            fixture.Origin,
            "log", "-1", "--format=%an|%s|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Reason,valueonly,separator=)",
            "main", "--", $"state/leases/{cluster}.yaml");
}
