using System.Text.Json;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync status</c>: show each cluster, its holders, readers and expiry.</summary>
internal sealed class StatusCommand(HostSettings? settings = null) : ICliCommand
{
    public string Name => "status";

    public string Summary => "show each cluster, its holders, readers and expiry";

    public string Usage => "teamclustersync status [--repo PATH_OR_URL] [--output text|json]";

    public string Details => """
        Lists every cluster of clusters/*.yaml (and any cluster that only has a lease file) with its holders,
        read-only users, pending requests, the line and the last release check, as committed at the tip of the state
        branch. A lease past its end is shown as expired (the next sweep of serve releases it). Times are UTC.
        A lease file that cannot be read is listed as unreadable, with where and why; it is also reported on stderr
        and makes the exit code 1 (serve restores its last readable revision).
        Exit codes: 0 ok, 1 failure, 2 usage error.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, CliOption.Output];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }

        return ConfigRepo.RunAsync(args.Value("repo"), settings ?? HostSettings.From(console.Environment), console, Name, async store =>
        {
            var snapshot = await store.ReadAsync();
            var clusters = Clusters(snapshot);
            if (clusters.Count == 0 && snapshot.Config.ReadFile("teamclustersync.yaml") is null)
            {
                console.Error.WriteLine($"teamclustersync status: {args.Value("repo") ?? "the current directory"} is not a config repo "
                    + "(no teamclustersync.yaml, no clusters/); pass --repo with the config repo's path or URL");
                return ExitCodes.Failed;
            }

            var now = console.Clock.GetUtcNow();
            var exit = ExitCodes.Ok;
            var leases = new List<(string Cluster, LeaseState? Lease, string? Problem, ReleaseCheck? Release)>();
            foreach (var cluster in clusters)
            {
                try
                {
                    var problem = snapshot.LeaseProblem(cluster);
                    leases.Add((cluster, problem is null ? snapshot.Lease(cluster) : null, problem, snapshot.Record(cluster)?.LastRelease));
                    if (problem is not null)
                    {
                        console.Error.WriteLine($"teamclustersync status: {problem}");
                        exit = ExitCodes.Failed;
                    }
                }
                catch (ArgumentException e)
                {
                    console.Error.WriteLine($"teamclustersync status: {e.Message}");
                    exit = ExitCodes.Failed;
                }
            }

            if (args.Json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(leases.Select(l => l.Lease is { } lease
                    ? (object)new { cluster = l.Cluster, free = IsFree(lease, now), lease = LeaseJson(lease), lastRelease = l.Release is { } r ? ReleaseText.Status(r) : null }
                    : new { cluster = l.Cluster, unreadable = l.Problem }), CliJson.Document));
            }
            else
            {
                foreach (var (cluster, lease, problem, release) in leases)
                {
                    if (lease is null)
                    {
                        console.Out.WriteLine($"{cluster}  unreadable: {problem}");
                        continue;
                    }

                    Write(console.Out, lease, release, now);
                }
            }

            return exit;
        });
    }

    /// <summary>Every cluster of clusters/*.yaml and any that only has a lease file, by name.</summary>
    internal static IReadOnlyList<string> Clusters(StateSnapshot snapshot) =>
    [
        .. snapshot.Config.ListFiles("clusters")
            .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(p => p["clusters/".Length..^".yaml".Length])
            .Union(snapshot.LeaseClusters())
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Free for the next request: nobody holds it, or every hold has run out (the sweep releases them).</summary>
    private static bool IsFree(LeaseState lease, DateTimeOffset now) => lease.Holders.All(h => h.Expires <= now);

    private static void Write(TextWriter output, LeaseState lease, ReleaseCheck? release, DateTimeOffset now)
    {
        var free = IsFree(lease, now) && lease.Readers.All(r => r.Expires <= now);
        output.WriteLine(free ? $"{lease.Cluster}  free" : lease.Cluster);
        foreach (var h in lease.Holders)
        {
            output.WriteLine($"  holder   @{h.User} ({Mode(h.Mode)}, {Ends(h.Expires, now)})");
        }

        foreach (var r in lease.Readers)
        {
            output.WriteLine($"  reader   @{r.User} (read-only, {Ends(r.Expires, now)})");
        }

        foreach (var p in lease.Pending)
        {
            output.WriteLine($"  pending  @{p.User} (asked {Time(p.Requested)})");
        }

        foreach (var (w, place) in lease.Line.Select((w, i) => (w, i + 1)))
        {
            output.WriteLine($"  in line  {place}. @{w.User} (since {Time(w.Since)}{(w.OfferedUntil is { } until ? $", offered until {Time(until)}" : "")})");
        }

        if (release is not null)
        {
            output.WriteLine($"  last release  {ReleaseText.Status(release)}");
        }
    }

    private static string Ends(DateTimeOffset expires, DateTimeOffset now) =>
        expires > now ? $"expires {Time(expires)}" : $"expired {Time(expires)}; the next sweep releases it";

    private static string Time(DateTimeOffset time) => Timestamps.Human(time);

    /// <summary>A lease in JSON with the state file's keys and values, shared with <c>history</c>.</summary>
    internal static object LeaseJson(LeaseState s) => new
    {
        holders = s.Holders.Select(h => new { user = h.User, mode = Mode(h.Mode), since = JsonTime(h.Since), expires = JsonTime(h.Expires) }),
        readers = s.Readers.Select(r => new { user = r.User, since = JsonTime(r.Since), expires = JsonTime(r.Expires) }),
        pending = s.Pending.Select(p => new { user = p.User, requested = JsonTime(p.Requested) }),
        line = s.Line.Select(w => new { user = w.User, since = JsonTime(w.Since), offeredUntil = w.OfferedUntil is { } until ? JsonTime(until) : null }),
    };

    internal static string JsonTime(DateTimeOffset time) => Timestamps.Iso(time);

    private static string Mode(AccessMode mode) => mode == AccessMode.ReadOnly ? "read-only" : "read-write";
}
