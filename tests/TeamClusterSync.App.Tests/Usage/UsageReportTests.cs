using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Usage;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Usage;

/// <summary>
/// A day of the example teams written to git through the chat, on the manual clock, and the report read back from
/// the history: every figure is known from the story.
/// </summary>
public sealed class UsageReportTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task The_report_of_a_day_written_to_git_has_the_holds_waits_refusals_and_idle_time_it_lived()
    {
        var bot = await fixture.BotAsync();
        await LiveTheDayAsync(bot);

        var report = await bot.App.GetRequiredService<UsageReports>().ReportAsync(TimeSpan.FromHours(10), UsageReports.All, CancellationToken.None);

        var rhcos = report.Clusters.Single(c => c.Cluster == "team-rhcos");
        Assert.Equal((TimeSpan.FromHours(7), TimeSpan.FromHours(3)), (rhcos.ReadWrite, rhcos.ReadOnly)); // 10:00-16:00, 16:30-17:30; jlebon 11:00-14:00
        Assert.Equal((TimeSpan.FromHours(3), TimeSpan.Zero), (rhcos.Idle, rhcos.Hibernating)); // 09:00-10:00, 16:00-16:30, 17:30-19:00
        Assert.Equal(["cgwalters", "jlebon", "miabbott"], rhcos.People);
        Assert.Equal(new WaitFigures(2, TimeSpan.FromMinutes(75), TimeSpan.FromHours(2)), rhcos.PingWaits); // 30m, 2h
        Assert.Equal(new WaitFigures(1, TimeSpan.FromHours(2), TimeSpan.FromHours(2)), rhcos.LineWaits); // 14:00-16:00
        Assert.Equal((1, 1, 1, 0, 0), (rhcos.PingsGranted, rhcos.PingsRefused, rhcos.Extensions, rhcos.DirtyReleases, rhcos.Reclaims));
        var mco = report.Clusters.Single(c => c.Cluster == "team-mco");
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(3)), (mco.ReadWrite, mco.Idle, mco.Hibernating)); // asleep 15:00-18:00
        Assert.Equal(1, mco.DirtyReleases); // left dirty at 12:00, which the later records still say
    }

    [Fact]
    public async Task Teamcluster_report_answers_for_ones_own_teams_and_refuses_another_teams_cluster()
    {
        var bot = await fixture.BotAsync();
        await LiveTheDayAsync(bot);
        fixture.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromHours(10)); // a week after 09:00

        var mine = await bot.HandleAsync("jlebon", "teamcluster report");
        var other = await bot.HandleAsync("jlebon", "teamcluster report team-mco");

        Assert.Equal(
            """
            @jlebon: usage from 2026-11-25 09:00 UTC to 2026-12-02 09:00 UTC

            team-rhcos (team redhat-coreos)
              held        read-write 7 h, read-only 3 h
              not held    idle 161 h, hibernating 0 h
              people      3: @cgwalters, @jlebon, @miabbott
              pings       1 granted, 1 refused; 2 answered after a median 1h15m, the longest 2h
              line        1 offered after a median 2h, the longest 2h
              also        1 extension, 0 dirty releases, 0 reclaims
            """,
            AppFixture.Render(mine));
        Assert.Equal("@jlebon: team-mco is not a cluster of your teams; yours: team-rhcos", AppFixture.Render(other));
    }

    /// <summary>
    /// From 09:00 on the example config: @cgwalters takes team-rhcos at 10:00; @miabbott pings at 10:30 and is let in at
    /// 11:00, when @jlebon reads it; @jlebon pings the full cluster at 12:00 and is refused at 14:00, stops reading and
    /// gets in line; @cgwalters extends at 15:00; both are done at 16:00 and @jlebon is offered it; he takes it at 16:30
    /// and is done at 17:30. On team-mco @sinnykumari holds it from 10:00 to 12:00 and leaves it dirty; it hibernates
    /// from 15:00 to 18:00. The day ends at 19:00.
    /// </summary>
    private async Task LiveTheDayAsync(TestBot bot)
    {
        await At(10, 0, bot, "cgwalters", "teamcluster request");
        await At(10, 0, bot, "sinnykumari", "teamcluster request");
        await At(10, 30, bot, "miabbott", "teamcluster ping");
        await At(11, 0, bot, "cgwalters", "yes");
        await At(11, 0, bot, "jlebon", "teamcluster request ro");
        await At(12, 0, bot, "jlebon", "teamcluster ping");
        await At(12, 0, bot, "sinnykumari", "teamcluster done");
        await At(14, 0, bot, "cgwalters", "no busy with a release");
        await At(14, 0, bot, "jlebon", "teamcluster done");
        await At(14, 0, bot, "jlebon", "teamcluster wait");
        await At(15, 0, bot, "cgwalters", "teamcluster extend");
        await PhaseAsync(15, 0, bot, PhaseKind.Hibernating);
        await At(16, 0, bot, "miabbott", "teamcluster done");
        await At(16, 0, bot, "cgwalters", "teamcluster done");
        await At(16, 30, bot, "jlebon", "teamcluster request");
        await At(17, 30, bot, "jlebon", "teamcluster done");
        await PhaseAsync(18, 0, bot, PhaseKind.Running);
        fixture.Clock.Advance(Time(19, 0) - fixture.Clock.GetUtcNow());
    }

    private Task At(int hour, int minute, TestBot bot, string login, string text) =>
        TimedChat.SayAsync(fixture.Clock, fixture.Origin, Time(hour, minute), login, text, async (l, t) => AppFixture.Render(await bot.HandleAsync(l, t)));

    /// <summary>What the readiness sweep records when Hive says team-mco changed phase.</summary>
    private async Task PhaseAsync(int hour, int minute, TestBot bot, PhaseKind phase)
    {
        fixture.Clock.Advance(Time(hour, minute) - fixture.Clock.GetUtcNow());
        var store = bot.App.GetRequiredService<IStateStore>();
        var record = (await store.ReadAsync()).Record("team-mco")!;
        var next = record with { Phase = new ClusterPhase(phase, fixture.Clock.GetUtcNow()) };
        Assert.NotNull(await store.RecordClusterAsync(next, record, $"cluster: team-mco is {phase}", CommitSource.Schedule));
    }

    private static DateTimeOffset Time(int hour, int minute) => TimedChat.November(25, hour, minute);
}
