using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// A team admin's reclaim, pause, resume and reprovision (and a global admin's, from teamclustersync.yaml), word for word through the command engine on a real origin, and each
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
        var reprovision = await bot.HandleAsync("jlebon", "teamcluster reprovision team-rhcos now I broke it");
        var otherTeam = await bot.HandleAsync("sinnykumari", "teamcluster reclaim team-rhcos mine now");

        const string refused = "only an admin of team redhat-coreos (@cgwalters) can reclaim, pause, resume or reprovision team-rhcos";
        Assert.Equal($"@jlebon: {refused}", AppFixture.Render(reclaim));
        Assert.Equal($"@jlebon: {refused}", AppFixture.Render(pause));
        Assert.Equal($"@jlebon: {refused}", AppFixture.Render(reprovision));
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

    [Fact]
    public async Task An_admin_reprovisions_now_everyone_loses_access_requests_wait_and_the_next_sweep_rebuilds_it()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request ro");
        await bot.HandleAsync("jlebon", "teamcluster wait");

        var asked = await bot.HandleAsync("cgwalters", "teamcluster reprovision team-rhcos now etcd is broken");
        var askedCommit = LastLeaseCommit("team-rhcos");
        var request = await bot.HandleAsync("miabbott", "teamcluster request");
        var rebuilt = await bot.ReprovisionAsync();

        Assert.Equal(
            """
            @miabbott: @cgwalters, an admin of team redhat-coreos, took team-rhcos back: etcd is broken. Your access to it ended
            @jlebon: @cgwalters, an admin of team redhat-coreos, took team-rhcos back: etcd is broken. Your access to it ended
            @cgwalters: team-rhcos will be reprovisioned: you took it back from @miabbott and @jlebon (they were told it was you and why); it is rebuilt within a minute, and nobody gets new access until then
            #team-rhcos: @cgwalters asked to reprovision team-rhcos: etcd is broken
            #team-rhcos: team-rhcos is free: it is reprovisioned first, as @cgwalters asked, and can be requested once rebuilt
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(asked));
        Assert.Equal(
            "cgwalters|lease: @cgwalters asked to reprovision team-rhcos now; @cgwalters reclaimed team-rhcos from @miabbott, @jlebon|reprovision|etcd is broken\n",
            askedCommit);
        Assert.Equal(
            "@miabbott: team-rhcos is about to be reprovisioned, as @cgwalters asked: etcd is broken. It can be requested again once it is rebuilt, in a few minutes; "
            + "`teamcluster wait` gets you in line for it",
            AppFixture.Render(request));
        Assert.Equal(
            "@jlebon: team-rhcos is free, and you are first in line: it is yours if you take it by 2026-11-25 09:15 UTC with `teamcluster request`",
            AppFixture.Render(rebuilt));
        Assert.Equal(["team-rhcos"], fixture.Provider.Reprovisioned);
        Assert.Equal(
            "cluster: team-rhcos reprovisioned (asked by @cgwalters: etcd is broken), generation 1\n",
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%s", "main", "--", "state/clusters/team-rhcos.yaml"));
        Assert.Equal(
            "teamclustersync|lease: team-rhcos was reprovisioned, as @cgwalters asked; @jlebon is offered team-rhcos until 2026-11-25 09:15 UTC|reprovisioned|\n",
            LastLeaseCommit("team-rhcos"));

        // The rebuild was claimed first (its record names the request), then the request settled.
        Assert.Equal(
            ["lease: team-rhcos was reprovisioned, as @cgwalters asked; @jlebon is offered team-rhcos until 2026-11-25 09:15 UTC",
                "cluster: team-rhcos reprovisioned (asked by @cgwalters: etcd is broken), generation 1"],
            GitCli.Run(fixture.Origin, "log", "-2", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("rebuiltAsAskedAt: 2026-11-25T09:00:00Z", GitCli.Run(fixture.Origin, "show", "main:state/clusters/team-rhcos.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_after_the_sweep_took_the_cluster_back_for_an_admin_s_rebuild_leaves_the_rebuild_to_the_next_sweep()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster reprovision team-rhcos testing the 4.6 installer");

        // What a forced rebuild's sweep does first, then the process dies before it claims the rebuild.
        await bot.App.GetRequiredService<LeaseRunner>().RunAsync(LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim(), "team-rhcos", CommitSource.Schedule, CancellationToken.None);
        Assert.Contains("reprovision:", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"), StringComparison.Ordinal);
        Assert.StartsWith("@miabbott: team-rhcos is about to be reprovisioned", AppFixture.Render(await bot.HandleAsync("miabbott", "teamcluster request")), StringComparison.Ordinal);

        await bot.ReprovisionAsync();

        Assert.Equal(["team-rhcos"], fixture.Provider.Reprovisioned);
        Assert.DoesNotContain("reprovision:", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"), StringComparison.Ordinal);
        Assert.Equal("teamclustersync|lease: team-rhcos was reprovisioned, as @cgwalters asked|reprovisioned|\n", LastLeaseCommit("team-rhcos"));
    }

    [Fact]
    public async Task A_crash_after_an_admin_s_rebuild_was_claimed_has_the_next_sweep_settle_the_request_without_a_second_rebuild()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("cgwalters", "teamcluster reprovision team-rhcos now etcd is broken");
        var store = bot.App.GetRequiredService<IStateStore>();
        var snapshot = await store.ReadAsync();
        var asked = snapshot.Lease("team-rhcos").Reprovision!;

        // What the sweep commits to claim the rebuild (and then rebuilds), before the process dies.
        var claim = new ClusterRecord("team-rhcos", 1, fixture.Clock.GetUtcNow()) { RebuiltAsAskedAt = asked.Since };
        Assert.NotNull(await store.RecordClusterAsync(claim, snapshot.Record("team-rhcos"), "cluster: team-rhcos reprovisioned (asked by @cgwalters: etcd is broken), generation 1", CommitSource.Schedule));

        await bot.ReprovisionAsync();

        Assert.Empty(fixture.Provider.Reprovisioned);
        Assert.Null((await store.ReadAsync()).Lease("team-rhcos").Reprovision);
        Assert.Equal("teamclustersync|lease: team-rhcos was reprovisioned, as @cgwalters asked|reprovisioned|\n", LastLeaseCommit("team-rhcos"));
        Assert.StartsWith("@miabbott: cluster https://", AppFixture.Render(await bot.HandleAsync("miabbott", "teamcluster request")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_reprovision_waits_for_the_holder_as_the_schedule_would_then_the_sweep_rebuilds_it()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");

        var asked = await bot.HandleAsync("cgwalters", "teamcluster reprovision team-rhcos testing the 4.6 installer");
        var again = await bot.HandleAsync("cgwalters", "teamcluster reprovision team-rhcos again");
        var deferred = await bot.ReprovisionAsync();
        fixture.Clock.Advance(TimeSpan.FromMinutes(1)); // the next sweep: the holder was warned once
        var stillHeld = await bot.ReprovisionAsync();
        await bot.HandleAsync("jlebon", "teamcluster ping");
        var released = await bot.HandleAsync("miabbott", "teamcluster done");
        var rebuilt = await bot.ReprovisionAsync();

        Assert.Equal(
            """
            @cgwalters: team-rhcos will be reprovisioned: it is rebuilt as its schedule would, once nobody holds or reads it (or in 2d at the latest, its forceAfter); `teamcluster reprovision team-rhcos now <reason>` does it at once
            #team-rhcos: @cgwalters asked to reprovision team-rhcos: testing the 4.6 installer
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(asked));
        Assert.Equal(
            "@cgwalters: @cgwalters already asked to reprovision team-rhcos (testing the 4.6 installer); `teamcluster reprovision team-rhcos now <reason>` does it at once",
            AppFixture.Render(again));
        Assert.Equal(
            "@miabbott: team-rhcos was due for reprovisioning at 2026-11-25 09:00 UTC; it waits until you are done, but no later than 2026-11-27 09:00 UTC",
            AppFixture.Render(deferred));
        Assert.Empty(stillHeld);
        Assert.Equal(
            """
            @miabbott: you released team-rhcos, thanks! It is reprovisioned now, as @cgwalters asked, before anyone takes it again
            @jlebon: @miabbott is done with team-rhcos, so the cluster is free, but it is reprovisioned first, as @cgwalters asked: testing the 4.6 installer. `teamcluster request` takes it once it is rebuilt
            #team-rhcos: team-rhcos is free (checked clean): it is reprovisioned first, as @cgwalters asked, and can be requested once rebuilt
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(released));
        Assert.Empty(rebuilt);
        Assert.Equal(["team-rhcos"], fixture.Provider.Reprovisioned);
        Assert.Equal(
            "cluster: team-rhcos reprovisioned (asked by @cgwalters: testing the 4.6 installer), generation 2\n",
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%s", "main", "--", "state/clusters/team-rhcos.yaml"));
        Assert.Equal("teamclustersync|lease: team-rhcos was reprovisioned, as @cgwalters asked|reprovisioned|\n", LastLeaseCommit("team-rhcos"));
    }

    [Fact]
    public async Task A_global_admin_from_teamclustersync_yaml_leads_every_team_and_is_named_to_anyone_refused()
    {
        fixture.HumanCommit("teamclustersync.yaml", File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "teamclustersync.yaml")) + "admins:\n  - lead-of-leads\n");
        var bot = await fixture.BotAsync();

        var paused = await bot.HandleAsync("lead-of-leads", "teamcluster pause team-mco lab power work");
        var refused = await bot.HandleAsync("yuqi-zhang", "teamcluster resume team-mco");
        var request = await bot.HandleAsync("lead-of-leads", "teamcluster request team-rhcos");
        var whoami = await bot.HandleAsync("lead-of-leads", "teamcluster whoami");

        Assert.StartsWith("@lead-of-leads: team-mco is paused", AppFixture.Render(paused), StringComparison.Ordinal);
        Assert.Equal("lead-of-leads|lease: @lead-of-leads paused team-mco|pause|lab power work\n", LastLeaseCommit("team-mco"));
        Assert.Equal(
            "@yuqi-zhang: only an admin of team machine-config (@sinnykumari) or a global admin (@lead-of-leads) can reclaim, pause, resume or reprovision team-mco",
            AppFixture.Render(refused));
        Assert.StartsWith("@lead-of-leads: sorry @lead-of-leads, team-rhcos belongs to team redhat-coreos and you are not a member", AppFixture.Render(request), StringComparison.Ordinal);
        Assert.Equal(
            """
            @lead-of-leads: you are @lead-of-leads on GitHub
            you are a global admin (teamclustersync.yaml): you may reclaim, pause, resume and reprovision every team's clusters
            you are not a member of any team in the config repo; a team admin can add your GitHub login to the team's file under teams/
            """.ReplaceLineEndings("\n").TrimEnd(),
            AppFixture.Render(whoami));
    }

    /// <summary>The newest commit of a cluster's lease file: author, subject, Action and Reason trailers.</summary>
    private string LastLeaseCommit(string cluster) =>
        GitCli.Run(
            fixture.Origin,
            "log", "-1", "--format=%an|%s|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Reason,valueonly,separator=)",
            "main", "--", $"state/leases/{cluster}.yaml");
}
