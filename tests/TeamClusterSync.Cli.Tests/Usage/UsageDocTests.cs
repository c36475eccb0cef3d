using SkiaSharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Testing;
using static TeamClusterSync.Cli.Tests.StatusCommandTests;

namespace TeamClusterSync.Cli.Tests.Usage;

/// <summary>
/// The week docs/usage.md and the README show, written to git through the chat on a manual clock: the report they
/// print is what <c>report</c> prints for it, and docs/usage-chart.png is its chart (rewritten with UPDATE_APPROVALS=1).
/// </summary>
public sealed class UsageDocTests : IDisposable
{
    private const string Since = "2026-11-23T00:00:00Z";
    private const string Until = "2026-11-30T00:00:00Z";

    private readonly TempDirectory temp = new("tcs-usage-doc");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_week_in_the_docs_is_what_report_prints_and_draws()
    {
        var origin = await WriteTheWeekAsync();
        var chart = temp.Combine("usage.png");

        var (exit, output, error) = await RunAsync(temp, "report", "--repo", origin, "--since", Since, "--until", Until, "--chart", chart);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        var doc = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "docs", "usage.md"));
        Assert.Contains($"--since {Since} --until {Until} --chart usage.png\n{output}```", doc, StringComparison.Ordinal);
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "README.md"));
        Assert.Contains(output[output.IndexOf("team-rhcos (", StringComparison.Ordinal)..], readme, StringComparison.Ordinal);
        var committed = Path.Combine(RepoRoot.Path, "docs", "usage-chart.png");
        if (Environment.GetEnvironmentVariable("UPDATE_APPROVALS") == "1")
        {
            File.Copy(chart, committed, overwrite: true);
        }

        using var drawn = SKBitmap.Decode(chart);
        using var shown = SKBitmap.Decode(committed);
        Assert.Equal((shown.Width, shown.Height), (drawn.Width, drawn.Height));
    }

    /// <summary>Both example clusters through a week: holds, a read, pings answered both ways, the line, an extension, dirty releases, a handover, and a weekend asleep.</summary>
    private Task<string> WriteTheWeekAsync() =>
        ChatHistory.WriteAsync(temp, TimedChat.November(23, 0, 0), Week.Select(w => (TimedChat.November(w.Day, w.Hour, w.Minute), w.Login, w.Text)), async (store, clock) =>
        {
            var asleep = TimedChat.November(28, 2, 0);
            clock.Advance(asleep - clock.GetUtcNow());
            foreach (var cluster in new[] { "team-mco", "team-rhcos" })
            {
                var record = (await store.ReadAsync()).Record(cluster)!;
                Assert.NotNull(await store.RecordClusterAsync(record with { Phase = new(PhaseKind.Hibernating, asleep) }, record, $"cluster: {cluster} hibernates", CommitSource.Schedule));
            }
        });

    private static (int Day, int Hour, int Minute, string Login, string Text)[] Week =>
    [
        (23, 9, 0, "cgwalters", "teamcluster request"), (23, 10, 0, "jlebon", "teamcluster request ro"), (23, 12, 0, "jlebon", "teamcluster done"),
        (23, 13, 0, "sinnykumari", "teamcluster request"), (23, 16, 0, "sinnykumari", "teamcluster done"), (23, 16, 45, "cgwalters", "teamcluster done"),
        (24, 9, 30, "miabbott", "teamcluster request"), (24, 10, 0, "jlebon", "teamcluster ping"), (24, 10, 20, "miabbott", "yes"),
        (24, 11, 0, "yuqi-zhang", "teamcluster request"), (24, 14, 0, "yuqi-zhang", "teamcluster done"),
        (24, 15, 0, "miabbott", "teamcluster done"), (24, 16, 0, "jlebon", "teamcluster done"),
        (25, 8, 0, "jlebon", "teamcluster request"), (25, 9, 0, "cgwalters", "teamcluster ping"), (25, 10, 0, "jlebon", "no running a long upgrade test"),
        (25, 10, 5, "cgwalters", "teamcluster wait"), (25, 14, 0, "jlebon", "teamcluster extend"), (25, 15, 30, "jlebon", "teamcluster done"),
        (25, 15, 40, "cgwalters", "teamcluster request"), (25, 20, 0, "cgwalters", "teamcluster done"),
        (26, 9, 0, "sinnykumari", "teamcluster request"), (26, 12, 0, "sinnykumari", "teamcluster done"),
        (27, 9, 0, "yuqi-zhang", "teamcluster request"), (27, 10, 0, "miabbott", "teamcluster request"), (27, 10, 0, "sinnykumari", "teamcluster ping"),
        (27, 10, 30, "yuqi-zhang", "yes"), (27, 13, 0, "sinnykumari", "teamcluster done"), (27, 16, 0, "miabbott", "teamcluster done"),
    ];
}
