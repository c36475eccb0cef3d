using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Cli.Charts;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync report</c>: how the clusters were used over a period, from the lease history in git.</summary>
internal sealed class ReportCommand(HostSettings? settings = null) : ICliCommand
{
    public string Name => "report";

    public string Summary => "how each cluster was used over a period (default: the last 7 days), from git";

    public string Usage =>
        "teamclustersync report [--since 7d|TIME] [--until TIME] [--team TEAM] [--repo PATH_OR_URL] [--output text|json|csv] [--chart FILE.png]";

    public string Details => """
        Per cluster, from the history of state/leases/ and state/clusters/ on the state branch: hours held read-write
        and read-only (they overlap while someone reads a held cluster), idle and hibernating hours, the people who
        held or read it, how long pings waited for an answer and people waited in line for an offer (median and
        longest), pings granted and refused, extensions, dirty releases and reclaims by a lead. What happened after
        --since and up to --until counts.
        --chart writes a PNG: one row per cluster over the period, coloured by who held it.
        Times are ISO-8601 (2026-11-23T00:00:00Z). Exit codes: 0 ok, 1 failure, 2 usage error.
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        CliOption.Repo,
        new("since", "DURATION|TIME", "start of the period: a duration before --until (7d, 36h) or a time (default 7d)"),
        new("until", "TIME", "end of the period (default: now)"),
        new("team", "TEAM", "only the clusters of this team"),
        new("output", "FORMAT", "text (default), json or csv", ["text", "json", "csv"]),
        new("chart", "FILE.png", "also draw the period as a PNG chart into this file"),
    ];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }

        var (from, to) = Period(args.Value("since"), args.Value("until"), DateTimeOffset.UtcNow);
        var team = args.Value("team");
        return ConfigRepo.RunAsync(args.Value("repo"), settings ?? HostSettings.From(console.Environment), console, Name, async store =>
        {
            var reports = new UsageReports(store, store, new ConfigCache(NullLogger<ConfigCache>.Instance), TimeProvider.System);
            Func<ConfigRepository, StateSnapshot, IEnumerable<Cluster>> pick = team is null ? UsageReports.All : OfKnownTeam(team);
            var report = await reports.ReportAsync(from, to, pick, CancellationToken.None);
            console.Out.Write(args.Value("output") switch
            {
                "json" => UsageOutput.Json(report) + "\n",
                "csv" => UsageOutput.Csv(report),
                _ => UsageText.Of(report),
            });
            if (args.Value("chart") is { } chart)
            {
                await File.WriteAllBytesAsync(chart, new UsageChart().RenderPng(report));
            }

            return ExitCodes.Ok;
        });
    }

    /// <summary>The period the options give; <paramref name="now"/> when --until is left out.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To) Period(string? since, string? until, DateTimeOffset now)
    {
        var to = until is null ? now
            : Timestamps.TryParseIso(until, out var end) ? end
            : throw new UsageException($"--until must be a time such as 2026-11-23T00:00:00Z, not '{until}'");
        var from = since is null ? to - UsageReports.Week
            : DurationFormat.TryParse(since, out var back) ? to - back
            : Timestamps.TryParseIso(since, out var start) ? start
            : throw new UsageException($"--since must be a duration such as 7d or a time such as 2026-11-16T00:00:00Z, not '{since}'");
        return from < to ? (from, to) : throw new UsageException("--since must be before --until");
    }

    private static Func<ConfigRepository, StateSnapshot, IEnumerable<Cluster>> OfKnownTeam(string team) => (config, snapshot) =>
        config.FindTeam(team) is not null
            ? UsageReports.OfTeam(team)(config, snapshot)
            : throw new InvalidOperationException($"there is no team \"{team}\" in the config repo; teams: {string.Join(", ", config.Teams.Select(t => t.Name))}");
}
