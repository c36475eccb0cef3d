using System.Text.Json;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Core.Leases;
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
        read-only users and pending requests, as committed at the tip of the state branch. Times are UTC.
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
            var clusters = snapshot.Config.ListFiles("clusters")
                .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal))
                .Select(p => p["clusters/".Length..^".yaml".Length])
                .Union(snapshot.LeaseClusters())
                .Order(StringComparer.Ordinal);
            var exit = ExitCodes.Ok;
            var leases = new List<(string Cluster, LeaseState? Lease, string? Problem)>();
            foreach (var cluster in clusters)
            {
                try
                {
                    var problem = snapshot.LeaseProblem(cluster);
                    leases.Add((cluster, problem is null ? snapshot.Lease(cluster) : null, problem));
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
                    ? (object)new { cluster = l.Cluster, free = lease.IsFree, lease = LeaseJson(lease) }
                    : new { cluster = l.Cluster, unreadable = l.Problem }), CliJson.Document));
            }
            else
            {
                foreach (var (cluster, lease, problem) in leases)
                {
                    if (lease is null)
                    {
                        console.Out.WriteLine($"{cluster}  unreadable: {problem}");
                        continue;
                    }

                    Write(console.Out, lease);
                }
            }

            return exit;
        });
    }

    private static void Write(TextWriter output, LeaseState lease)
    {
        output.WriteLine(lease.IsFree && lease.Readers.Count == 0 ? $"{lease.Cluster}  free" : lease.Cluster);
        foreach (var h in lease.Holders)
        {
            output.WriteLine($"  holder   @{h.User} ({Mode(h.Mode)}, expires {Time(h.Expires)})");
        }

        foreach (var r in lease.Readers)
        {
            output.WriteLine($"  reader   @{r.User} (read-only, expires {Time(r.Expires)})");
        }

        foreach (var p in lease.Pending)
        {
            output.WriteLine($"  pending  @{p.User} (asked {Time(p.Requested)})");
        }
    }

    private static string Time(DateTimeOffset time) => Timestamps.Human(time);

    /// <summary>A lease in JSON with the state file's keys and values, shared with <c>history</c>.</summary>
    internal static object LeaseJson(LeaseState s) => new
    {
        holders = s.Holders.Select(h => new { user = h.User, mode = Mode(h.Mode), since = JsonTime(h.Since), expires = JsonTime(h.Expires) }),
        readers = s.Readers.Select(r => new { user = r.User, since = JsonTime(r.Since), expires = JsonTime(r.Expires) }),
        pending = s.Pending.Select(p => new { user = p.User, requested = JsonTime(p.Requested) }),
    };

    internal static string JsonTime(DateTimeOffset time) => Timestamps.Iso(time);

    private static string Mode(AccessMode mode) => mode == AccessMode.ReadOnly ? "read-only" : "read-write";
}
