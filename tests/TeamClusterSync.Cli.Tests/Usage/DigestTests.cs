using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using TeamClusterSync.App;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Cli.Charts;
using TeamClusterSync.Git;
using TeamClusterSync.Providers;
using TeamClusterSync.Slack;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Usage;

/// <summary>
/// The weekly digest as serve sends it: the app on a manual clock over a real origin, the chart drawn in process, and
/// Slack's Web API the stand-in, which takes the words in each team channel and the chart's upload into it.
/// </summary>
public sealed class DigestTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-digest");
    private readonly ManualClock clock = new();
    private readonly HttpClient http = new();
    private SlackStandIn slack = null!;

    public async Task InitializeAsync() => slack = await SlackStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Each_team_channel_gets_the_weeks_words_and_its_chart_once_at_the_digest_time()
    {
        var origin = temp.Combine("origin.git");
        var seed = temp.Combine("seed");
        GitCli.CopyDirectory(RepoRoot.ExampleConfig, seed);
        File.AppendAllText(Path.Combine(seed, "teamclustersync.yaml"), "digest:\n  cron: \"0 0 9 ? * MON\"\n  timeZone: UTC\n");
        GitCli.CreateOrigin(origin, seed);
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("cache")) { Clock = clock });
        using var app = new ServiceCollection()
            .AddGitStateStore(store).AddClusterProviders().AddSingleton<TimeProvider>(clock).AddTeamClusterSyncApp()
            .AddSlackWebApi(new SlackSettings(slack.ApiBaseUrl, SlackStandIn.BotToken, AppToken: null, SigningSecret: null), http)
            .AddSingleton<IUsageChart, UsageChart>()
            .BuildServiceProvider();
        var engine = app.GetRequiredService<CommandEngine>();
        await engine.HandleAsync("cgwalters", "teamcluster request", CommitSource.Cli); // Wednesday 25 November, 09:00
        clock.Advance(TimeSpan.FromHours(2));
        await engine.HandleAsync("cgwalters", "teamcluster done", CommitSource.Cli);
        var usage = app.GetRequiredService<UsageReconciler>();

        foreach (var minute in new[] { new DateTimeOffset(2026, 11, 30, 8, 59, 0, TimeSpan.Zero), new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), new(2026, 11, 30, 9, 1, 0, TimeSpan.Zero) })
        {
            clock.Advance(minute - clock.GetUtcNow());
            Assert.Empty(await usage.ReconcileAsync(CancellationToken.None));
        }

        var rhcos = SlackStandIn.ChannelId("team-rhcos");
        Assert.Equal([SlackStandIn.ChannelId("team-mco"), rhcos], slack.Messages.Select(m => m.Channel));
        Assert.StartsWith(
            "Weekly usage of team redhat-coreos's clusters\n```\nusage from 2026-11-23 09:00 UTC to 2026-11-30 09:00 UTC\n\nteam-rhcos (team redhat-coreos)\n"
            + "  held        read-write 2 h, read-only 0 h\n",
            slack.Messages[1].Text);
        Assert.Equal(
            [(SlackStandIn.ChannelId("team-mco"), "usage-machine-config-2026-11-30.png"), (rhcos, "usage-redhat-coreos-2026-11-30.png")],
            slack.Uploads.Select(u => (u.ChannelId, u.FileName)));
        using var chart = SKBitmap.Decode(slack.Uploads[1].Content);
        Assert.Equal((UsageChart.Width, UsageChart.Height(1)), (chart.Width, chart.Height));
        var week = new UsageReport(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), []);
        var (x, y) = UsageChart.Pixel(week, 0, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(new SKColor(0x1f, 0x77, 0xb4), chart.GetPixel(x, y)); // @cgwalters, Wednesday 09:00-11:00
    }
}
