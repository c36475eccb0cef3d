using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Reconcilers;

/// <summary>The usage sweep's counter and its digest without a chart (the terminal, or a host that draws none).</summary>
public sealed class UsageReconcilerTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Time_between_looks_counts_as_held_in_the_modes_seen_at_the_first_of_them()
    {
        var bot = await fixture.BotAsync();
        var usage = bot.App.GetRequiredService<UsageReconciler>();
        var counted = new List<(double Seconds, string Mode)>();
        using var listener = CounterListener.Listen("teamclustersync_cluster_held", "team-rhcos", "mode", counted);

        await usage.ReconcileAsync(CancellationToken.None); // 09:00, free
        await bot.HandleAsync("cgwalters", "teamcluster request");
        await bot.HandleAsync("jlebon", "teamcluster request ro");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await usage.ReconcileAsync(CancellationToken.None); // 09:01: 09:00-09:01 was free
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await usage.ReconcileAsync(CancellationToken.None); // 09:31: held both ways since 09:01
        await bot.HandleAsync("cgwalters", "teamcluster done");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await usage.ReconcileAsync(CancellationToken.None); // 09:32: still as seen at 09:31
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await usage.ReconcileAsync(CancellationToken.None); // 09:33: only jlebon reads

        Assert.Equal([(1800d, "read-write"), (1800d, "read-only"), (60d, "read-write"), (60d, "read-only"), (60d, "read-only")], counted);
    }

    [Fact]
    public async Task Without_a_chart_the_digest_is_words_to_each_team_channel_once_when_its_time_comes()
    {
        var (bot, usage) = await WithMondayDigestAsync();
        await bot.HandleAsync("cgwalters", "teamcluster request"); // Wednesday 09:00
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await bot.HandleAsync("cgwalters", "teamcluster done");
        fixture.Clock.Advance(new DateTimeOffset(2026, 11, 30, 8, 59, 0, TimeSpan.Zero) - fixture.Clock.GetUtcNow());

        var before = await usage.ReconcileAsync(CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var due = await usage.ReconcileAsync(CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await usage.ReconcileAsync(CancellationToken.None);

        Assert.Equal((0, 2, 0), (before.Count, due.Count, after.Count));
        Assert.Equal(
            """
            #team-mco: Weekly usage of team machine-config's clusters
            ```
            usage from 2026-11-23 09:00 UTC to 2026-11-30 09:00 UTC

            team-mco (team machine-config)
              held        read-write 0 h, read-only 0 h
              not held    idle 168 h, hibernating 0 h
              people      nobody
              pings       0 granted, 0 refused; none answered
              line        none offered
              also        0 extensions, 0 dirty releases, 0 reclaims
            ```
            #team-rhcos: Weekly usage of team redhat-coreos's clusters
            ```
            usage from 2026-11-23 09:00 UTC to 2026-11-30 09:00 UTC

            team-rhcos (team redhat-coreos)
              held        read-write 2 h, read-only 0 h
              not held    idle 166 h, hibernating 0 h
              people      1: @cgwalters
              pings       0 granted, 0 refused; none answered
              line        none offered
              also        0 extensions, 0 dirty releases, 0 reclaims
            ```
            """,
            AppFixture.Render(due));
    }

    [Fact]
    public async Task A_digest_missed_by_more_than_the_misfire_threshold_is_skipped_and_the_next_goes_out_on_time()
    {
        var usage = await MondayDigestSweptAt0859Async();

        // The sweep did not run from 08:59 to 09:06 (a stalled leader): the 09:00 digest is a minute past the threshold.
        fixture.Clock.Advance(UsageReconciler.MisfireThreshold + TimeSpan.FromMinutes(2));
        var missed = await usage.ReconcileAsync(CancellationToken.None);
        fixture.Clock.Advance(new DateTimeOffset(2026, 12, 7, 8, 59, 0, TimeSpan.Zero) - fixture.Clock.GetUtcNow());
        var before = await usage.ReconcileAsync(CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await usage.ReconcileAsync(CancellationToken.None);

        Assert.Equal((0, 0, 2), (missed.Count, before.Count, next.Count));
        Assert.All(next, m => Assert.Contains("usage from 2026-11-30 09:00 UTC to 2026-12-07 09:00 UTC", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_digest_looked_at_a_few_minutes_late_is_still_sent()
    {
        var usage = await MondayDigestSweptAt0859Async();

        fixture.Clock.Advance(UsageReconciler.MisfireThreshold + TimeSpan.FromMinutes(1));
        var late = await usage.ReconcileAsync(CancellationToken.None);

        Assert.Equal(2, late.Count);
    }

    /// <summary>A weekly digest on Mondays at 09:00 UTC in <c>teamclustersync.yaml</c>, and the bot's usage sweep.</summary>
    private async Task<(TestBot Bot, UsageReconciler Usage)> WithMondayDigestAsync()
    {
        fixture.HumanCommit("teamclustersync.yaml", File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "teamclustersync.yaml"))
            + "digest:\n  cron: \"0 0 9 ? * MON\"\n  timeZone: UTC\n");
        var bot = await fixture.BotAsync();
        return (bot, bot.App.GetRequiredService<UsageReconciler>());
    }

    /// <summary>The same, the sweep having last looked on Monday 2026-11-30 at 08:59, a minute before the digest is due.</summary>
    private async Task<UsageReconciler> MondayDigestSweptAt0859Async()
    {
        var (_, usage) = await WithMondayDigestAsync();
        fixture.Clock.Advance(new DateTimeOffset(2026, 11, 30, 8, 59, 0, TimeSpan.Zero) - fixture.Clock.GetUtcNow());
        await usage.ReconcileAsync(CancellationToken.None);
        return usage;
    }
}
