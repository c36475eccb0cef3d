using System.Buffers.Binary;
using System.Text.Json;
using SkiaSharp;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Cli.Charts;
using TeamClusterSync.Cli.Commands;
using TeamClusterSync.Cli.Tests.Usage;
using TeamClusterSync.Testing;
using static TeamClusterSync.Cli.Tests.StatusCommandTests;

namespace TeamClusterSync.Cli.Tests;

/// <summary>
/// <c>report</c> on the example config after a morning written to git through the chat on a manual clock: @cgwalters
/// holds team-rhcos 10:00-12:00 with @jlebon reading 10:30-12:00, @sinnykumari holds team-mco 11:00-13:00 and leaves it
/// dirty. The period is 09:00 to 15:00.
/// </summary>
public sealed class ReportCommandTests : IDisposable
{
    private const string Since = "2026-11-25T09:00:00Z";
    private const string Until = "2026-11-25T15:00:00Z";

    private readonly TempDirectory temp = new("tcs-report");

    private string Origin => temp.Combine("origin.git");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Text_says_each_clusters_figures()
    {
        await LiveTheMorningAsync();

        var (exit, output, error) = await RunAsync(temp, "report", "--repo", Origin, "--since", Since, "--until", Until);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal(
            """
            usage from 2026-11-25 09:00 UTC to 2026-11-25 15:00 UTC

            team-mco (team machine-config)
              held        read-write 2 h, read-only 0 h
              not held    idle 4 h, hibernating 0 h
              people      1: @sinnykumari
              pings       0 granted, 0 refused; none answered
              line        none offered
              also        0 extensions, 1 dirty release, 0 reclaims

            team-rhcos (team redhat-coreos)
              held        read-write 2 h, read-only 1.5 h
              not held    idle 4 h, hibernating 0 h
              people      2: @cgwalters, @jlebon
              pings       0 granted, 0 refused; none answered
              line        none offered
              also        0 extensions, 0 dirty releases, 0 reclaims

            """,
            output);
    }

    [Fact]
    public async Task Csv_has_one_line_per_cluster_of_the_team_asked_for()
    {
        await LiveTheMorningAsync();

        var (exit, output, _) = await RunAsync(temp, "report", "--repo", Origin, "--since", "6h", "--until", Until, "--team", "redhat-coreos", "--output", "csv");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            UsageOutput.CsvHeader + "\n"
            + "team-rhcos,redhat-coreos,2026-11-25T09:00:00Z,2026-11-25T15:00:00Z,2,1.5,4,0,cgwalters jlebon,0,0,0,,,0,,,0,0,0\n",
            output);
    }

    [Fact]
    public async Task Json_has_the_figures_and_the_stretches_of_time()
    {
        await LiveTheMorningAsync();

        var (exit, output, _) = await RunAsync(temp, "report", "--repo", Origin, "--since", Since, "--until", Until, "--output", "json");

        Assert.Equal(ExitCodes.Ok, exit);
        var rhcos = JsonDocument.Parse(output).RootElement.GetProperty("clusters")[1];
        Assert.Equal("team-rhcos", rhcos.GetProperty("cluster").GetString());
        Assert.Equal(1.5, rhcos.GetProperty("readOnlyHours").GetDouble());
        Assert.Equal(0, rhcos.GetProperty("pingWaits").GetProperty("count").GetInt32());
        Assert.Equal(
            "idle 2026-11-25T09:00:00Z, read-write @cgwalters 2026-11-25T10:00:00Z, idle 2026-11-25T12:00:00Z",
            string.Join(", ", rhcos.GetProperty("spans").EnumerateArray().Select(s =>
                $"{s.GetProperty("kind").GetString()}{(s.GetProperty("user").GetString() is { } u ? " @" + u : "")} {s.GetProperty("from").GetString()}")));
    }

    [Fact]
    public async Task The_chart_is_a_png_with_one_row_per_cluster_coloured_by_who_held_it()
    {
        await LiveTheMorningAsync();
        var file = temp.Combine("usage.png");

        var (exit, _, error) = await RunAsync(temp, "report", "--repo", Origin, "--since", Since, "--until", Until, "--chart", file);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        var png = await File.ReadAllBytesAsync(file);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal((UsageChart.Width, UsageChart.Height(2)), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        using var bitmap = SKBitmap.Decode(png);
        var report = new UsageReport(DateTimeOffset.Parse(Since), DateTimeOffset.Parse(Until), []);
        // Rows in name order, team-mco on top; holders' colours by name: cgwalters #1f77b4, sinnykumari #ff7f0e (a reader
        // of a held cluster takes no colour of their own).
        Assert.Equal(new SKColor(0xff, 0x7f, 0x0e), Pixel(bitmap, report, 0, 12, 0));
        Assert.Equal(new SKColor(0x1f, 0x77, 0xb4), Pixel(bitmap, report, 1, 11, 0));
        Assert.Equal(new SKColor(0xd0, 0xd0, 0xd0), Pixel(bitmap, report, 1, 13, 0));
        Assert.Equal(new SKColor(0xd0, 0xd0, 0xd0), Pixel(bitmap, report, 0, 9, 30));
        // The title is drawn (text needs fonts on the machine: without them SkiaSharp draws none, silently).
        var inked = Enumerable.Range(0, UsageChart.Width).Count(x => Enumerable.Range(5, 25).Any(y => bitmap.GetPixel(x, y).Red < 128));
        Assert.True(inked > 100, $"the title has ink in only {inked} columns");
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_or_an_unknown_team_is_one_line()
    {
        await LiveTheMorningAsync();

        var backwards = await RunAsync(temp, "report", "--repo", Origin, "--since", Until, "--until", Since);
        var unknown = await RunAsync(temp, "report", "--repo", Origin, "--team", "nobody");

        Assert.Equal((ExitCodes.Usage, "teamclustersync report: --since must be before --until\n"), (backwards.Exit, backwards.Error.Split("usage:")[0]));
        Assert.Equal(
            (ExitCodes.Failed, "teamclustersync report: there is no team \"nobody\" in the config repo; teams: machine-config, redhat-coreos\n"),
            (unknown.Exit, unknown.Error));
    }

    [Fact]
    public async Task Help_lists_report_in_the_program_and_in_chat()
    {
        var (exit, output, _) = await RunAsync(temp, "help");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("\n  report     how each cluster was used over a period (default: the last 7 days), from git\n", output, StringComparison.Ordinal);
        Assert.Contains("\n  teamcluster report [CLUSTER]       the last week's usage of your teams' clusters, from git\n", HelpText.Full, StringComparison.Ordinal);
    }

    private static SKColor Pixel(SKBitmap bitmap, UsageReport report, int row, int hour, int minute)
    {
        var (x, y) = UsageChart.Pixel(report, row, new DateTimeOffset(2026, 11, 25, hour, minute, 0, TimeSpan.Zero));
        return bitmap.GetPixel(x, y);
    }

    private async Task LiveTheMorningAsync() =>
        await ChatHistory.WriteAsync(temp, ManualClock.DefaultStart, new[]
        {
            (10, 0, "cgwalters", "teamcluster request"),
            (10, 30, "jlebon", "teamcluster request ro"),
            (11, 0, "sinnykumari", "teamcluster request"),
            (12, 0, "jlebon", "teamcluster done"),
            (12, 0, "cgwalters", "teamcluster done"),
            (13, 0, "sinnykumari", "teamcluster done"),
        }.Select(m => (TimedChat.November(25, m.Item1, m.Item2), m.Item3, m.Item4)));
}
