using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Cli.Chat;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Git;
using TeamClusterSync.Git.Seeding;
using TeamClusterSync.Providers.Simulated;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// The command engine on a warm process: its own time (parse, decide, render; target under 50 ms), the same
/// commands through the state store (a fetch, and a commit+push for changes), and a whole <c>chat</c> process.
/// </summary>
internal sealed class EngineBenchmark : IBenchmark
{
    public string Name => "engine";

    public string Description => "command engine time per command (own, with git, committing) and a whole chat process [COUNT=200]";

    public async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var root = Directory.CreateTempSubdirectory("tcs-bench-engine").FullName;
        try
        {
            var origin = Path.Combine(root, "origin.git");
            LocalOrigin.CreateBare(origin, EmbeddedConfig.Files());
            using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, Path.Combine(root, "cache")));
            await using var app = new ServiceCollection()
                .AddGitStateStore(store)
                .AddSingleton<IClusterProvider>(new SimulatedProvider())
                .AddTeamClusterSyncApp()
                .BuildServiceProvider();
            var engine = app.GetRequiredService<CommandEngine>();
            await engine.HandleAsync("miabbott", "teamcluster request", CommitSource.Cli);

            Console.WriteLine($"engine: {count} commands each, team-rhcos held by @miabbott, local bare origin");
            Report("own time: parse+decide+render (request in use)", Measure(count, OwnTime(await store.ReadAsync())));
            Report("HandleAsync `teamcluster request` (in use, fetch)", await MeasureAsync(count, () => engine.HandleAsync("cgwalters", "teamcluster request", CommitSource.Cli)));
            Report("HandleAsync `teamcluster status` (fetch)", await MeasureAsync(count, () => engine.HandleAsync("cgwalters", "teamcluster status", CommitSource.Cli)));
            Report("HandleAsync ro + done (2 commits+pushes)", await MeasureAsync(count / 4, async () =>
            {
                await engine.HandleAsync("jlebon", "teamcluster request ro", CommitSource.Cli);
                await engine.HandleAsync("jlebon", "teamcluster done", CommitSource.Cli);
            }));
            Report("`teamclustersync chat ... status` (whole process)", Process(origin, Math.Max(5, count / 20)));
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The engine's own work for one command, with the config already loaded: no git at all.</summary>
    private static Action OwnTime(StateSnapshot snapshot)
    {
        var config = ConfigLoader.Load(snapshot.Config).Config!;
        var cluster = config.FindCluster("team-rhcos")!;
        var team = config.FindTeam(cluster.Team)!;
        var lease = snapshot.Lease(cluster.Name);
        return () =>
        {
            var command = (ParsedCommand.Lease)CommandParser.Parse("teamcluster request");
            var decision = LeaseEngine.Decide(cluster, team.AllMembers(), lease, "cgwalters", command.Command, DateTimeOffset.UtcNow);
            _ = new LeaseReplies(cluster, team, lease, new Dictionary<string, Attachment?>()).Render(decision);
        };
    }

    private static List<double> Measure(int count, Action action)
    {
        action();
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return samples;
    }

    private static async Task<List<double>> MeasureAsync(int count, Func<Task> action)
    {
        await action();
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return samples;
    }

    /// <summary>Fresh processes, as a script calling <c>chat</c> once per message would start them.</summary>
    private static List<double> Process(string origin, int count)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "teamclustersync.dll");
        return Measure(count, () =>
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { dll, "chat", "--repo", origin, "--as", "cgwalters", "--", "teamcluster", "status" })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        });
    }

    private static void Report(string what, List<double> samples)
    {
        samples.Sort();
        Console.WriteLine($"  {what,-52} p50 {Percentiles.Of(samples, 0.50),8:F2} ms   p99 {Percentiles.Of(samples, 0.99),8:F2} ms");
    }
}
