using System.Globalization;
using System.Text;
using TeamClusterSync.Core.Time;
using TeamClusterSync.Core.Usage;

namespace TeamClusterSync.App.Usage;

/// <summary>A usage report in words, the same in the terminal, in chat and in the weekly digest.</summary>
public static class UsageText
{
    public static string Of(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder($"usage from {Timestamps.Human(report.From)} to {Timestamps.Human(report.To)}\n");
        if (report.Clusters.Count == 0)
        {
            return text.Append("no clusters\n").ToString();
        }

        foreach (var cluster in report.Clusters)
        {
            text.Append('\n').Append(Of(cluster));
        }

        return text.ToString();
    }

    public static string Of(UsageFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return $"""
            {f.Cluster} (team {f.Team})
              held        read-write {Hours(f.ReadWrite)}, read-only {Hours(f.ReadOnly)}
              not held    idle {Hours(f.Idle)}, hibernating {Hours(f.Hibernating)}
              people      {People(f.People)}
              pings       {f.PingsGranted} granted, {f.PingsRefused} refused; {Waits(f.PingWaits, "answered")}
              line        {Waits(f.LineWaits, "offered")}
              also        {Count(f.Extensions, "extension")}, {Count(f.DirtyReleases, "dirty release")}, {Count(f.Reclaims, "reclaim")}

            """;
    }

    /// <summary><c>30.5 h</c>: hours with one decimal at most.</summary>
    public static string Hours(TimeSpan time) => time.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    private static string People(IReadOnlyList<string> people) =>
        people.Count == 0 ? "nobody" : $"{people.Count}: {string.Join(", ", people.Select(p => "@" + p))}";

    private static string Waits(WaitFigures waits, string ended) =>
        waits.Count == 0
            ? $"none {ended}"
            : $"{waits.Count} {ended} after a median {DurationFormat.Format(waits.Median!.Value)}, the longest {DurationFormat.Format(waits.Longest!.Value)}";

    private static string Count(int count, string what) => $"{count} {what}{(count == 1 ? "" : "s")}";
}
