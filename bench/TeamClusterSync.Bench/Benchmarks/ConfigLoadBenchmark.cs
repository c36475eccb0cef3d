using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamClusterSync.Config;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// Load + validate of a large config repo (2,000 teams, 500 clusters, 6,000 people) from disk, as the bot does on
/// every pull of the config branch. Target: under 1 s.
/// </summary>
internal sealed class ConfigLoadBenchmark : IBenchmark
{
    private const int Teams = 2_000;
    private const int Clusters = 500;
    private const int MembersPerTeam = 3;
    private const int Runs = 7;

    public string Name => "config-load";

    public string Description => $"load + validate a repo of {Teams} teams, {Clusters} clusters (median of {Runs} runs)";

    public Task RunAsync(string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), $"tcs-bench-config-{Environment.ProcessId}");
        try
        {
            Generate(root);
            var source = new DirectorySource(root);
            var warmup = ConfigLoader.Load(source);
            if (!warmup.IsValid)
            {
                throw new InvalidOperationException($"generated repo is invalid: {warmup.Diagnostics[0]}");
            }

            var times = new List<double>();
            var bytes = new List<long>();
            for (var i = 0; i < Runs; i++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var result = ConfigLoader.Load(source);
                watch.Stop();
                bytes.Add(GC.GetAllocatedBytesForCurrentThread() - allocated);
                times.Add(watch.Elapsed.TotalMilliseconds);
                GC.KeepAlive(result);
            }

            var config = warmup.Config!;
            Console.WriteLine($"config-load: {config.Teams.Count} teams, {config.Clusters.Count} clusters, {config.People.Count} people");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  median {Median(times):F1} ms (min {times.Min():F1}, max {times.Max():F1}) over {Runs} runs; target < 1000 ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated {Median(bytes.Select(b => (double)b).ToList()) / (1024 * 1024):F1} MiB per load"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Files shaped like the example config's, each with every optional block so every check runs.</summary>
    private static void Generate(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "teams"));
        Directory.CreateDirectory(Path.Combine(root, "clusters"));
        File.WriteAllText(Path.Combine(root, "teamclustersync.yaml"), """
            github:
              org: example
            slack:
              workspace: example
            defaults:
              lease:
                maxDuration: 8h
                reminderBefore: 30m
              reprovision:
                cron: "0 0 6 ? * SUN"
                timeZone: Europe/Berlin

            """);
        var people = new StringBuilder();
        for (var t = 0; t < Teams; t++)
        {
            var team = new StringBuilder($"name: team-{t}\ngithub:\n  team: gh-team-{t}\nslack:\n  usergroup: team-{t}\n  channel: team-{t}\n");
            team.Append($"admins:\n  - user-{t}-0\nmembers:\n");
            for (var m = 0; m < MembersPerTeam; m++)
            {
                team.Append($"  - user-{t}-{m}\n");
                people.Append($"- github: user-{t}-{m}\n  slack: U{t:D5}{m}\n  email: user-{t}-{m}@example.com\n");
            }

            File.WriteAllText(Path.Combine(root, "teams", $"team-{t}.yaml"), team.ToString());
        }

        File.WriteAllText(Path.Combine(root, "people.yaml"), people.ToString());
        for (var c = 0; c < Clusters; c++)
        {
            File.WriteAllText(Path.Combine(root, "clusters", $"cluster-{c}.yaml"), $"""
                name: cluster-{c}
                team: team-{c * (Teams / Clusters)}
                version: "4.6"
                consoleUrl: https://console.cluster-{c}.example.com/
                provider:
                  type: hive
                  hive:
                    namespace: hive
                    clusterPool: pool-{c % 10}
                reprovision:
                  cron: "0 0 {c % 24} ? * SUN"
                  timeZone: America/New_York
                  whenLeased: defer
                  forceAfter: 2d
                lease:
                  maxDuration: 8h
                  allowReadOnly: true
                  maxHolders: 2

                """);
        }
    }
}
