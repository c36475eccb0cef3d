using System.Globalization;
using System.Text;
using System.Text.Json;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Core.Usage;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>report</c>'s machine-readable shapes: hours with two decimals, waits in whole seconds, times in ISO-8601 UTC.</summary>
internal static class UsageOutput
{
    public const string CsvHeader =
        "cluster,team,from,to,read_write_hours,read_only_hours,idle_hours,hibernating_hours,people,"
        + "pings_granted,pings_refused,ping_waits,ping_wait_median_seconds,ping_wait_longest_seconds,"
        + "line_waits,line_wait_median_seconds,line_wait_longest_seconds,extensions,dirty_releases,reclaims";

    public static string Json(UsageReport report) => JsonSerializer.Serialize(
        new
        {
            from = StatusCommand.JsonTime(report.From),
            to = StatusCommand.JsonTime(report.To),
            clusters = report.Clusters.Select(f => new
            {
                cluster = f.Cluster,
                team = f.Team,
                readWriteHours = Hours(f.ReadWrite),
                readOnlyHours = Hours(f.ReadOnly),
                idleHours = Hours(f.Idle),
                hibernatingHours = Hours(f.Hibernating),
                people = f.People,
                pingsGranted = f.PingsGranted,
                pingsRefused = f.PingsRefused,
                pingWaits = Waits(f.PingWaits),
                lineWaits = Waits(f.LineWaits),
                extensions = f.Extensions,
                dirtyReleases = f.DirtyReleases,
                reclaims = f.Reclaims,
                spans = f.Spans.Select(s => new
                {
                    from = StatusCommand.JsonTime(s.From),
                    to = StatusCommand.JsonTime(s.To),
                    kind = Kind(s.Kind),
                    user = s.User,
                }),
            }),
        },
        CliJson.Document);

    /// <summary>One line per cluster; people are separated by spaces, so no field needs quoting (names and logins have no commas).</summary>
    public static string Csv(UsageReport report)
    {
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var f in report.Clusters)
        {
            string[] fields =
            [
                f.Cluster, f.Team, StatusCommand.JsonTime(f.From), StatusCommand.JsonTime(f.To),
                Text(Hours(f.ReadWrite)), Text(Hours(f.ReadOnly)), Text(Hours(f.Idle)), Text(Hours(f.Hibernating)), string.Join(' ', f.People),
                Text(f.PingsGranted), Text(f.PingsRefused), .. WaitFields(f.PingWaits), .. WaitFields(f.LineWaits),
                Text(f.Extensions), Text(f.DirtyReleases), Text(f.Reclaims),
            ];
            text.AppendJoin(',', fields).Append('\n');
        }

        return text.ToString();
    }

    private static double Hours(TimeSpan time) => Math.Round(time.TotalHours, 2);

    private static object Waits(WaitFigures w) => new { count = w.Count, medianSeconds = Seconds(w.Median), longestSeconds = Seconds(w.Longest) };

    private static string[] WaitFields(WaitFigures w) => [Text(w.Count), Seconds(w.Median) is { } m ? Text(m) : "", Seconds(w.Longest) is { } l ? Text(l) : ""];

    private static long? Seconds(TimeSpan? time) => time is { } t ? (long)Math.Round(t.TotalSeconds) : null;

    private static string Kind(SpanKind kind) => kind switch
    {
        SpanKind.ReadWrite => "read-write",
        SpanKind.ReadOnly => "read-only",
        SpanKind.Hibernating => "hibernating",
        _ => "idle",
    };

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
