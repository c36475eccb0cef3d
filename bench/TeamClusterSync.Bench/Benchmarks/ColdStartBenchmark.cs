using System.Diagnostics;
using System.Globalization;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// The cold paths of issue 15 on one repo of many lease commits, each next to the git CLI doing the same job on the
/// same repo in the same run: a new cache's first <c>status</c> against <c>git clone --bare --no-local</c>; the first
/// <c>history</c> against <c>git log -- state/leases/&lt;cluster&gt;.yaml</c>; a warm one-shot <c>status</c> (the
/// whole published process) against the 200 ms target. Each figure is given as wall time and as CPU time (this process
/// and every process it waited for, from getrusage): on a busy machine the wall time mostly measures the queue for a
/// core, while the CPU time is the work done.
/// </summary>
internal sealed class ColdStartBenchmark : IBenchmark
{
    private const int WarmRuns = 9;

    public string Name => "cold";

    public string Description => "new cache, first history, one-shot status, each against the git CLI [COMMITS=100000] [--exe PUBLISHED_teamclustersync]";

    public async Task RunAsync(string[] args)
    {
        var exe = args.SkipWhile(a => a != "--exe").Skip(1).FirstOrDefault();
        var commits = args.Length > 0 && args[0] != "--exe" ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var root = Directory.CreateTempSubdirectory("tcs-bench-cold").FullName;
        try
        {
            var origin = Path.Combine(root, "origin.git");
            BenchGit.InitBareWithCommits(origin, commits);
            Console.WriteLine($"cold: {commits} lease commits; wall / CPU time, each reference measured in the same run; ratio = ours / reference");
            await NewCacheAsync(root, origin, exe);
            await FirstHistoryAsync(root, origin, exe);
            WarmStatus(root, origin, exe);
            await FirstWriteAsync(root, origin); // last: it adds a commit to the repo
        }
        finally
        {
            BenchGit.Delete(root);
        }
    }

    /// <summary>A new cache's first answer: the store in this process, and (with --exe) the whole <c>status</c> process.</summary>
    private static async Task NewCacheAsync(string root, string origin, string? exe)
    {
        var clone = Time(() => Git(root, "clone", "--quiet", "--bare", "--no-local", origin, Path.Combine(root, "reference.git")));
        var read = await TimeAsync(async () =>
        {
            using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, Path.Combine(root, "cache-inproc")));
            await store.ReadAsync();
        });
        Reference("git clone --bare --no-local", clone);
        Report("new cache, open + first read (in process)", read, clone, "clone", 0.25);
        if (exe is not null)
        {
            var status = Time(() => Status(exe, origin, Path.Combine(root, "cache-process")));
            Report("new cache, first 'status' (whole process)", status, clone, "clone", 0.25);
        }
    }

    /// <summary>
    /// The first <c>history</c>, against <c>git log</c> on a clone (the case "after the clone"):
    /// <list type="bullet">
    /// <item>a new replica: <c>serve</c> completes its new (shallow) cache in the background (the rest of the history,
    /// then the index), and its first <c>history</c> reads the index; with --exe also as a one-shot process on that cache;</item>
    /// <item>for scale, with no target: a one-shot <c>history</c> on a new cache, which fetches the rest of the history
    /// and indexes it first (against clone + log), and a complete cache whose index was lost (a full walk: git's walk
    /// plus reading each revision, so never under 1x).</item>
    /// </list>
    /// </summary>
    private static async Task FirstHistoryAsync(string root, string origin, string? exe)
    {
        var path = $"state/leases/{BenchGit.Cluster}.yaml";
        var clone = Time(() => Git(root, "clone", "--quiet", "--bare", "--no-local", origin, Path.Combine(root, "reference-history.git")));
        var log = Time(() => Git(root, "--git-dir", Path.Combine(root, "reference.git"), "log", "--format=%H %ct %an%n%B", "--", path));
        Reference($"git log --format=... -- {path}", log);

        // The cache where the published program looks for this repo, so the one-shot process below finds it prepared.
        var replicaRoot = Path.Combine(root, "cache-replica");
        var replica = ConfigRepo.Options(origin, new HostSettings { CacheRoot = replicaRoot }).CacheDirectory;
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, replica)))
        {
            await store.ReadAsync();
            var prepare = await TimeAsync(() => store.PrepareAsync());
            Report("new replica: background completion (rest of the history + index)", prepare, clone, "clone", double.NaN);
        }

        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, replica)))
        {
            var first = await TimeAsync(() => store.HistoryAsync(BenchGit.Cluster));
            Report("new replica: first history after it (new store)", first, log, "git log", 1);
        }

        if (exe is not null)
        {
            var process = Time(() => Run(exe, ["history", BenchGit.Cluster, "--repo", origin], root, replicaRoot));
            Report("one-shot 'history' on that cache (whole process, 100k lines out)", process, log, "git log", 1);
        }

        var cache = Path.Combine(root, "cache-history");
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, cache)))
        {
            await store.ReadAsync();
            var shallow = await TimeAsync(() => store.HistoryAsync(BenchGit.Cluster));
            Report("one-shot first history on a new cache (completes it first)", shallow, clone + log, "clone + log", double.NaN);
        }

        Directory.Delete(Path.Combine(cache, "teamclustersync"), recursive: true);
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, cache)))
        {
            var complete = await TimeAsync(() => store.HistoryAsync(BenchGit.Cluster));
            Report("first history on a complete cache whose index was lost (full walk)", complete, log, "git log", double.NaN);
        }
    }

    /// <summary>A new cache's first write (a <c>request</c>): fetch the tips, commit on the tip, push; no history needed.</summary>
    private static async Task FirstWriteAsync(string root, string origin)
    {
        var clone = Time(() => Git(root, "clone", "--quiet", "--bare", "--no-local", origin, Path.Combine(root, "reference-write.git")));
        var write = await TimeAsync(async () =>
        {
            using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, Path.Combine(root, "cache-write")));
            await StateStoreBenchmark.TransactAsync(store, 1);
        });
        Report("new cache, open + first write (in process)", write, clone, "clone", 0.25);
    }

    /// <summary>A person's one-shot <c>status</c> on a warm cache: the published process, start to exit.</summary>
    private static void WarmStatus(string root, string origin, string? exe)
    {
        if (exe is null)
        {
            Console.WriteLine("  one-shot status: skipped (publish, then pass --exe PATH/teamclustersync; see the README)");
            return;
        }

        var help = Median(() => Run(exe, ["help"], root, null));
        var shallow = Median(() => Status(exe, origin, Path.Combine(root, "cache-process")));
        var complete = Median(() => Status(exe, origin, Path.Combine(root, "cache-history")));
        Reference($"'teamclustersync help' (process start), median of {WarmRuns}", help);
        var target = new Cost(200, 200);
        Report($"warm one-shot 'status', shallow cache, median of {WarmRuns}", shallow, target, "200 ms", 1);
        Report($"warm one-shot 'status', complete cache, median of {WarmRuns}", complete, target, "200 ms", 1);
    }

    private static void Reference(string what, Cost cost) =>
        Console.WriteLine($"  reference: {what,-62} {cost.Wall,7:F0} / {cost.Cpu,6:F0} ms");

    /// <param name="target">The ratio to stay under; NaN for a figure with no target (shown for scale).</param>
    private static void Report(string what, Cost cost, Cost reference, string referenceName, double target) =>
        Console.WriteLine($"  {what,-73} {cost.Wall,7:F0} / {cost.Cpu,6:F0} ms   "
            + $"{cost.Wall / reference.Wall,5:F2}x / {cost.Cpu / reference.Cpu,5:F2}x {referenceName}"
            + (double.IsNaN(target) ? "" : $" (target < {target}x)"));

    private static void Status(string exe, string origin, string cache) => Run(exe, ["status", "--repo", origin], Path.GetDirectoryName(origin)!, cache);

    /// <summary>The run with the median wall time (after one unmeasured run that warms the OS caches).</summary>
    private static Cost Median(Action run)
    {
        run();
        var samples = Enumerable.Range(0, WarmRuns).Select(_ => Time(run)).OrderBy(c => c.Wall).ToList();
        return samples[WarmRuns / 2];
    }

    private static Cost Time(Action run)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), CpuTime.Used());
        run();
        return new Cost(watch.Elapsed.TotalMilliseconds, CpuTime.Used() - cpu);
    }

    private static async Task<Cost> TimeAsync(Func<Task> run)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), CpuTime.Used());
        await run();
        return new Cost(watch.Elapsed.TotalMilliseconds, CpuTime.Used() - cpu);
    }

    private static void Git(string workDir, params string[] args) => Run("git", args, workDir, null);

    /// <summary>Runs a process to its end, output discarded (read, so a full pipe never stalls it); throws on failure.</summary>
    private static void Run(string file, string[] args, string workDir, string? cache)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (cache is not null)
        {
            info.Environment["TEAMCLUSTERSYNC_CACHE"] = cache;
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stderr.Result}");
        }
    }
}

/// <summary>What a step cost: wall time, and CPU time of this process and the processes it waited for (ms).</summary>
internal readonly record struct Cost(double Wall, double Cpu)
{
    public static Cost operator +(Cost a, Cost b) => new(a.Wall + b.Wall, a.Cpu + b.Cpu);
}
