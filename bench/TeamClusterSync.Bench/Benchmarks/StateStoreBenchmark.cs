using System.Diagnostics;
using System.Globalization;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Git;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// Commit+push latency of <see cref="GitStateStore.TransactAsync{T}"/> against a local bare remote: fetch, decide,
/// build the tree in memory, commit, push through <c>git receive-pack</c>.
/// </summary>
internal sealed class StateStoreBenchmark : IBenchmark
{
    public string Name => "store";

    public string Description => "commit+push latency (p50, p99) of state transactions to a local bare remote [COUNT=200]";

    public async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var root = Directory.CreateTempSubdirectory("tcs-bench-store").FullName;
        try
        {
            var origin = Path.Combine(root, "origin.git");
            BenchGit.InitBareWithCommits(origin, 0);
            using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, Path.Combine(root, "cache")));
            await TransactAsync(store, 0); // warm-up: JIT, first pack

            var samples = new List<double>(count);
            for (var i = 1; i <= count; i++)
            {
                var watch = Stopwatch.StartNew();
                await TransactAsync(store, i);
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }

            samples.Sort();
            Console.WriteLine($"store: {count} transactions (commit+push) to a local bare remote");
            Console.WriteLine($"  p50 {Percentiles.Of(samples, 0.50):F1} ms   p99 {Percentiles.Of(samples, 0.99):F1} ms   "
                + $"mean {samples.Average():F1} ms   max {samples[^1]:F1} ms");
        }
        finally
        {
            BenchGit.Delete(root);
        }
    }

    /// <summary>One lease commit, as a <c>request</c> of user<paramref name="i"/> makes it.</summary>
    internal static Task<TransactionResult<int>> TransactAsync(GitStateStore store, int i)
    {
        var at = new DateTimeOffset(2026, 11, 25, 6, 30, 0, TimeSpan.Zero).AddMinutes(i);
        var state = LeaseState.Free(BenchGit.Cluster) with { Holders = [new Holder($"user{i}", AccessMode.ReadWrite, at, at.AddHours(8))] };
        return store.TransactAsync(
            _ => new Transaction<int>(i, new StateChange(state, $"lease: @user{i} took {BenchGit.Cluster} (read-write)", $"user{i}", "request")),
            CommitSource.Cli);
    }
}

/// <summary>Builds benchmark repos quickly with <c>git fast-import</c> (one process, no checkout).</summary>
internal static class BenchGit
{
    public const string Cluster = "team-rhcos";

    /// <summary>A bare repo whose main has a config commit followed by <paramref name="leaseCommits"/> lease commits.</summary>
    public static void InitBareWithCommits(string bare, int leaseCommits)
    {
        Run(Path.GetDirectoryName(bare)!, null, "init", "--bare", "--quiet", "--initial-branch=main", bare);
        using var input = new StringWriter { NewLine = "\n" };
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Commit(input, time, "seed config", "clusters/team-rhcos.yaml", $"name: {Cluster}\nteam: redhat-coreos\n");
        for (var i = 1; i <= leaseCommits; i++)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(time + (i * 60));
            var state = i % 2 == 1
                ? LeaseState.Free(Cluster) with { Holders = [new Holder($"user{i}", AccessMode.ReadWrite, at, at.AddHours(8))] }
                : LeaseState.Free(Cluster);
            var subject = i % 2 == 1 ? $"lease: @user{i} took {Cluster} (read-write)" : $"lease: @user{i - 1} released {Cluster}";
            var message = $"{subject}\n\nCluster: {Cluster}\nActor: user{i}\nAction: {(i % 2 == 1 ? "request" : "done")}\nSource: bench\n";
            Commit(input, at.ToUnixTimeSeconds(), message, LeaseStateYaml.PathOf(Cluster), LeaseStateYaml.Write(state));
        }

        Run(bare, input.ToString(), "fast-import", "--quiet");
    }

    public static void Delete(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(root, recursive: true);
    }

    /// <summary>One commit on main; fast-import chains it onto the branch's previous commit in the same stream.</summary>
    private static void Commit(StringWriter input, long time, string message, string path, string content)
    {
        input.WriteLine("commit refs/heads/main");
        input.WriteLine($"committer teamclustersync <teamclustersync@users.noreply.github.com> {time} +0000");
        input.WriteLine($"data {message.Length}");
        input.WriteLine(message);
        input.WriteLine($"M 100644 inline {path}");
        input.WriteLine($"data {content.Length}");
        input.WriteLine(content);
    }

    private static void Run(string workDir, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = stdin is not null,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr.Result}");
        }
    }
}
