using System.Diagnostics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Git;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// <see cref="GitStateStore.HistoryAsync"/> on state branches of 10k and 100k lease commits (every one a transition,
/// the worst case: each is parsed). The requirement: 10k "well under a second".
/// </summary>
internal sealed class HistoryBenchmark : IBenchmark
{
    public string Name => "history";

    public string Description => "time of 'history' over 10k and 100k lease commits built with git fast-import";

    public async Task RunAsync(string[] args)
    {
        foreach (var commits in new[] { 10_000, 100_000 })
        {
            var root = Directory.CreateTempSubdirectory("tcs-bench-history").FullName;
            try
            {
                var origin = Path.Combine(root, "origin.git");
                var build = Stopwatch.StartNew();
                BenchGit.InitBareWithCommits(origin, commits);
                var built = build.Elapsed;
                using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, Path.Combine(root, "cache")));

                var clone = Stopwatch.StartNew();
                await store.ReadAsync(); // a new cache: the first read fills it
                var cloned = clone.Elapsed.TotalMilliseconds;
                var fetch = Stopwatch.StartNew();
                await store.ReadAsync();
                var fetched = fetch.Elapsed.TotalMilliseconds;
                var runs = new List<double>();
                var transitions = 0;
                for (var run = 0; run < 5; run++)
                {
                    var watch = Stopwatch.StartNew();
                    transitions = (await store.HistoryAsync(BenchGit.Cluster)).Count;
                    runs.Add(watch.Elapsed.TotalMilliseconds);
                }

                await store.TransactAsync(
                    _ => new Transaction<int>(0, new StateChange(LeaseState.Free(BenchGit.Cluster), $"lease: @x released {BenchGit.Cluster}", "x", "done")),
                    CommitSource.Cli);
                var incremental = Stopwatch.StartNew();
                await store.HistoryAsync(BenchGit.Cluster);
                var afterPush = incremental.Elapsed.TotalMilliseconds;

                Console.WriteLine($"history: {commits,7} lease commits ({transitions} transitions; repo built in {built.TotalSeconds:F1} s)");
                Console.WriteLine($"  first (walks all, writes the index) {runs[0]:F0} ms   warm median of 4 {runs.Skip(1).Order().ElementAt(1):F0} ms   "
                    + $"after one more push {afterPush:F0} ms   (each includes a no-op fetch; fetch + snapshot alone: {fetched:F0} ms; "
                    + $"the first read of the new cache, which clones it: {cloned:F0} ms)");
            }
            finally
            {
                BenchGit.Delete(root);
            }
        }
    }
}
