using System.Globalization;
using ScottPlot;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Core.Time;
using TeamClusterSync.Core.Usage;

namespace TeamClusterSync.Cli.Charts;

/// <summary>
/// The usage chart, drawn with ScottPlot in process: one row per cluster (the first on top), time across, each stretch
/// coloured by who held it (lighter for read-only), idle as a thin grey line, hibernation dark grey. The margins are
/// fixed, so where a time and a cluster land is known: <see cref="Pixel"/>.
/// </summary>
internal sealed class UsageChart : IUsageChart
{
    public const int Width = 1000;
    public const int RowHeight = 48;
    public const int Left = 130;
    public const int Right = 40;
    public const int Top = 40;
    public const int Bottom = 100;

    public static readonly Color IdleColor = Color.FromHex("#d0d0d0");
    public static readonly Color HibernatingColor = Color.FromHex("#4a4a4a");

    public static int Height(int clusters) => Top + Bottom + (Math.Max(clusters, 1) * RowHeight);

    /// <summary>The pixel at <paramref name="time"/> in the middle of row <paramref name="row"/> of a chart of <paramref name="report"/>.</summary>
    public static (int X, int Y) Pixel(UsageReport report, int row, DateTimeOffset time)
    {
        var width = Width - Left - Right;
        var x = Left + ((time - report.From) / (report.To - report.From) * width);
        return ((int)Math.Round(x), Top + (row * RowHeight) + (RowHeight / 2));
    }

    public byte[] RenderPng(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var plot = new Plot();
        var colors = Colors(report);
        var rows = report.Clusters.Count;
        plot.Add.Bars(report.Clusters.SelectMany((c, i) => c.Spans.Select(s => Bar(s, rows - 1 - i, colors))).ToArray());
        var time = plot.Axes.DateTimeTicksBottom();
        ((ScottPlot.TickGenerators.DateTimeAutomatic)time.TickGenerator).LabelFormatter =
            t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "ddd d MMM" : "ddd d MMM\nHH:mm", CultureInfo.InvariantCulture);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, rows).Select(i => (double)(rows - 1 - i))], [.. report.Clusters.Select(c => c.Cluster)]);
        plot.Axes.SetLimits(report.From.UtcDateTime.ToOADate(), report.To.UtcDateTime.ToOADate(), -0.5, Math.Max(rows, 1) - 0.5);
        plot.Layout.Fixed(new PixelPadding(Left, Right, Bottom, Top));
        plot.Title($"Cluster usage, {Timestamps.Human(report.From)} to {Timestamps.Human(report.To)}");
        Legend(plot, colors);
        return plot.GetImageBytes(Width, Height(rows), ImageFormat.Png);
    }

    /// <summary>One colour per person, in name order, so a person keeps their colour across the clusters of one chart.</summary>
    private static Dictionary<string, Color> Colors(UsageReport report)
    {
        var palette = new ScottPlot.Palettes.Category10();
        return report.Clusters.SelectMany(c => c.Spans).Select(s => s.User).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)
            .Select((user, i) => (user, palette.GetColor(i)))
            .ToDictionary(p => p.user, p => p.Item2, StringComparer.OrdinalIgnoreCase);
    }

    private static Bar Bar(UsageSpan span, int row, Dictionary<string, Color> colors) => new()
    {
        Position = row,
        ValueBase = span.From.UtcDateTime.ToOADate(),
        Value = span.To.UtcDateTime.ToOADate(),
        Orientation = Orientation.Horizontal,
        LineWidth = 0,
        Size = span.Kind == SpanKind.Idle ? 0.15 : 0.7,
        FillColor = span.Kind switch
        {
            SpanKind.ReadWrite => colors[span.User!],
            SpanKind.ReadOnly => colors[span.User!].WithAlpha(0.45),
            SpanKind.Hibernating => HibernatingColor,
            _ => IdleColor,
        },
    };

    private static void Legend(Plot plot, Dictionary<string, Color> colors)
    {
        foreach (var (user, color) in colors)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "@" + user, FillColor = color });
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "read-only: lighter", FillColor = IdleColor.WithAlpha(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "idle", FillColor = IdleColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "hibernating", FillColor = HibernatingColor });
        plot.ShowLegend(Edge.Bottom);
    }
}
