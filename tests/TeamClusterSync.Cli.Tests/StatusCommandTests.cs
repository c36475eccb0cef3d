using System.Text.Json;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Cli.Tests.Hosting;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Git;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests;

public sealed class StatusCommandTests : IDisposable
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 30, 0, TimeSpan.Zero);

    private static readonly Cluster Rhcos = new(
        "team-rhcos", "redhat-coreos", "4.6", "https://console.example/", ProviderSpec.Simulated,
        new ReprovisionPolicy(null, WhenLeased.Defer, null), LeasePolicy.Default);

    private readonly TempDirectory temp = new("tcs-cli");

    public void Dispose() => temp.Dispose();

    /// <summary>A bare origin with clusters team-ops and team-rhcos, and an optional <c>state.branch</c>.</summary>
    internal static string CreateOrigin(TempDirectory temp, string? stateBranch = null)
    {
        var seed = temp.Combine("seed");
        Directory.CreateDirectory(Path.Combine(seed, "clusters"));
        File.WriteAllText(Path.Combine(seed, "teamclustersync.yaml"), stateBranch is null ? "github:\n  org: x\n" : $"state:\n  branch: {stateBranch}\n");
        File.WriteAllText(Path.Combine(seed, "clusters", "team-rhcos.yaml"), "name: team-rhcos\n");
        File.WriteAllText(Path.Combine(seed, "clusters", "team-ops.yaml"), "name: team-ops\n");
        var origin = temp.Combine("origin.git");
        GitCli.CreateOrigin(origin, seed);
        return origin;
    }

    /// <summary>Runs one lease command through a store, as the bot would; returns the commit id.</summary>
    internal static async Task<string?> LeaseAsync(GitStateStore store, string actor, LeaseCommand command, DateTimeOffset at)
    {
        var result = await store.TransactAsync(
            snapshot =>
            {
                var d = LeaseEngine.Decide(Rhcos, new HashSet<string> { actor }, snapshot.Lease("team-rhcos"), actor, command, at);
                return new Transaction<LeaseDecision>(d, d.Changed ? new StateChange(d.State, d.Summary!, actor, command.Action) : null);
            },
            CommitSource.Slack);
        return result.CommitId;
    }

    /// <summary>The program at <see cref="Now"/>, its cache clones in <paramref name="temp"/>: gone with the test's directory.</summary>
    internal static Task<(int Exit, string Out, string Error)> RunAsync(TempDirectory temp, params string[] args) => RunAtAsync(temp, Now, args);

    internal static async Task<(int Exit, string Out, string Error)> RunAtAsync(TempDirectory temp, DateTimeOffset now, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, new StringReader(""), CliEnvironment.WithCache(temp.Combine("cli-cache")), new ManualClock(now));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> BusyOriginAsync(string? stateBranch = null)
    {
        var origin = CreateOrigin(temp, stateBranch);
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("bot-cache")) { StateBranch = stateBranch });
        await LeaseAsync(store, "alice", new LeaseCommand.Request(), Now);
        await LeaseAsync(store, "bob", new LeaseCommand.RequestReadOnly(), Now.AddMinutes(5));
        await LeaseAsync(store, "carol", new LeaseCommand.Ping(), Now.AddMinutes(10));
        return origin;
    }

    [Fact]
    public async Task Lists_every_cluster_with_holders_readers_and_pending()
    {
        var origin = await BusyOriginAsync();

        var (exit, output, error) = await RunAsync(temp, "status", "--repo", origin);

        Assert.Equal("", error);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            """
            team-ops  free
            team-rhcos
              holder   @alice (read-write, expires 2026-11-25 14:30 UTC)
              reader   @bob (read-only, expires 2026-11-25 14:35 UTC)
              pending  @carol (asked 2026-11-25 06:40 UTC)

            """,
            output);
    }

    [Fact]
    public async Task Shows_the_line_the_last_release_check_and_an_expired_lease_as_expired()
    {
        var origin = await BusyOriginAsync();
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("bot-cache"))))
        {
            await LeaseAsync(store, "dave", new LeaseCommand.Wait(), Now.AddMinutes(20));
        }

        HumanEdit.Commit(origin, temp.Combine("human"), "state/clusters/team-rhcos.yaml", """
            cluster: team-rhcos
            generation: 1
            provisionedAt: 2026-11-25T05:00:00Z
            lastRelease:
              outcome: dirty
              problems: the cluster-version-operator is scaled to 0 replicas
              at: 2026-11-25T06:00:00Z
              by: erin

            """, "a release check");

        var (exit, output, _) = await RunAtAsync(temp, Now.AddHours(8).AddMinutes(2), "status", "--repo", origin);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            """
            team-ops  free
            team-rhcos
              holder   @alice (read-write, expired 2026-11-25 14:30 UTC; the next sweep releases it)
              reader   @bob (read-only, expires 2026-11-25 14:35 UTC)
              pending  @carol (asked 2026-11-25 06:40 UTC)
              in line  1. @dave (since 2026-11-25 06:50 UTC)
              last release  left dirty after @erin's release: the cluster-version-operator is scaled to 0 replicas

            """,
            output);
    }

    [Fact]
    public async Task Outside_a_config_repo_it_says_so_and_fails()
    {
        var dir = temp.Combine("elsewhere");
        Directory.CreateDirectory(dir);
        GitCli.Run(dir, "init", "--quiet", "--initial-branch=main");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a config repo\n");
        GitCli.Run(dir, "add", "-A");
        GitCli.Run(dir, "commit", "--quiet", "-m", "notes");

        var (exit, output, error) = await RunAsync(temp, "status", "--repo", dir);

        Assert.Equal((ExitCodes.Failed, ""), (exit, output));
        Assert.Equal(
            $"teamclustersync status: {dir} is not a config repo (no teamclustersync.yaml, no clusters/); pass --repo with the config repo's path or URL\n",
            error);
    }

    [Fact]
    public async Task Json_output_has_the_state_file_fields()
    {
        var origin = await BusyOriginAsync();

        var (exit, output, _) = await RunAsync(temp, "status", "--repo", origin, "--output", "json");

        Assert.Equal(ExitCodes.Ok, exit);
        var clusters = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, clusters.GetArrayLength());
        Assert.True(clusters[0].GetProperty("free").GetBoolean());
        var holder = clusters[1].GetProperty("lease").GetProperty("holders")[0];
        Assert.Equal("alice", holder.GetProperty("user").GetString());
        Assert.Equal("read-write", holder.GetProperty("mode").GetString());
        Assert.Equal("2026-11-25T14:30:00Z", holder.GetProperty("expires").GetString());
        Assert.Equal("carol", clusters[1].GetProperty("lease").GetProperty("pending")[0].GetProperty("user").GetString());
    }

    [Fact]
    public async Task Reads_the_state_branch_named_in_teamclustersync_yaml()
    {
        var origin = await BusyOriginAsync(stateBranch: "state");
        Assert.Equal("", GitCli.Run(origin, "ls-tree", "main", "state/"));

        var (exit, output, _) = await RunAsync(temp, "status", "--repo", origin);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("  holder   @alice (read-write, expires 2026-11-25 14:30 UTC)\n", output);
    }

    [Fact]
    public async Task A_corrupt_lease_file_is_reported_and_fails_while_the_rest_is_listed()
    {
        var origin = CreateOrigin(temp);
        var human = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", origin, human);
        Directory.CreateDirectory(Path.Combine(human, "state", "leases"));
        File.WriteAllText(Path.Combine(human, "state", "leases", "team-rhcos.yaml"), "cluster: team-ops\n");
        GitCli.Run(human, "add", "-A");
        GitCli.Run(human, "commit", "--quiet", "-m", "bad state");
        GitCli.Run(human, "push", "--quiet");

        var (exit, output, error) = await RunAsync(temp, "status", "--repo", origin);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("team-ops  free\nteam-rhcos  unreadable: state/leases/team-rhcos.yaml: 'cluster' is 'team-ops', expected 'team-rhcos'\n", output);
        Assert.Equal("teamclustersync status: state/leases/team-rhcos.yaml: 'cluster' is 'team-ops', expected 'team-rhcos'\n", error);
    }

    [Fact]
    public async Task A_directory_that_is_not_a_repo_fails_with_one_line()
    {
        var dir = temp.Combine("plain");
        Directory.CreateDirectory(dir);

        var (exit, output, error) = await RunAsync(temp, "status", "--repo", dir);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("", output);
        Assert.Equal($"teamclustersync status: {dir}: not a git repository (pass a repo directory, a bare repo, or a URL)\n", error);
    }
}
