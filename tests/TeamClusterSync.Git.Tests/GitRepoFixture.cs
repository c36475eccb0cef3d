using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Git.Tests;

/// <summary>A bare origin seeded with a small config repo, plus helpers to open stores on it and inspect it with the git CLI.</summary>
internal sealed class GitRepoFixture : IDisposable
{
    public const string ClusterName = "team-rhcos";

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 30, 0, TimeSpan.Zero);

    public static readonly Cluster Cluster = new(
        ClusterName, "redhat-coreos", "4.6", "https://console.team-redhat-coreos.devcluster.openshift.com/",
        ProviderSpec.Simulated, new ReprovisionPolicy(null, WhenLeased.Defer, null), LeasePolicy.Default);

    /// <summary>The seed's second cluster, of team <c>ops</c>.</summary>
    public static readonly Cluster OpsCluster = Cluster with { Name = "team-ops", Team = "ops" };

    private int stores;

    public GitRepoFixture()
    {
        var seed = Temp.Combine("seed");
        Directory.CreateDirectory(Path.Combine(seed, "teams"));
        Directory.CreateDirectory(Path.Combine(seed, "clusters"));
        File.WriteAllText(Path.Combine(seed, "teamclustersync.yaml"), "github:\n  org: openshift\n");
        File.WriteAllText(Path.Combine(seed, "teams", "redhat-coreos.yaml"), "name: redhat-coreos\nmembers: [cgwalters, miabbott]\n");
        File.WriteAllText(Path.Combine(seed, "clusters", "team-rhcos.yaml"), "name: team-rhcos\nteam: redhat-coreos\n");
        File.WriteAllText(Path.Combine(seed, "clusters", "team-ops.yaml"), "name: team-ops\nteam: ops\n");
        GitCli.CreateOrigin(Origin, seed);
        GitCli.Run(Origin, "config", "core.logAllRefUpdates", "always");
    }

    public TempDirectory Temp { get; } = new("tcs-git");

    public string Origin => Temp.Combine("origin.git");

    /// <summary>The clock that ages every store's snapshot: <see cref="Later"/> moves it past the bound.</summary>
    public ManualClock Clock { get; } = new();

    public GitStateStoreOptions Options(string? stateBranch = null) =>
        new(Origin, Temp.Combine($"cache{Interlocked.Increment(ref stores)}")) { StateBranch = stateBranch, Clock = Clock };

    /// <summary>Moves the clock past the snapshot's bound: each store's next read fetches.</summary>
    public void Later() => Clock.Advance(GitStateStoreOptions.DefaultSnapshotMaxAge + TimeSpan.FromSeconds(1));

    public Task<GitStateStore> OpenAsync(string? stateBranch = null) => GitStateStore.OpenAsync(Options(stateBranch));

    /// <summary>A decision as the bot makes it: the real lease rules on the snapshot's state of the test cluster.</summary>
    public static Func<StateSnapshot, Transaction<LeaseDecision>> Decide(string actor, LeaseCommand command, IReadOnlySet<string>? members = null, DateTimeOffset? at = null) =>
        DecideOn(Cluster, actor, command, members, at);

    /// <summary>The same on <paramref name="cluster"/> (e.g. <see cref="OpsCluster"/>).</summary>
    public static Func<StateSnapshot, Transaction<LeaseDecision>> DecideOn(
        Cluster cluster, string actor, LeaseCommand command, IReadOnlySet<string>? members = null, DateTimeOffset? at = null) =>
        snapshot =>
        {
            var decision = LeaseEngine.Decide(
                cluster, members ?? new HashSet<string> { actor }, snapshot.Lease(cluster.Name), actor, command, at ?? Now);
            return new Transaction<LeaseDecision>(
                decision, decision.Changed ? new StateChange(decision.State, decision.Summary!, actor, command.Action) : null);
        };

    /// <summary>The git CLI in the bare origin.</summary>
    public string Git(params string[] args) => GitCli.Run(Origin, args);

    /// <summary>A human's clone of the origin, for commits made with the git CLI.</summary>
    public string CloneForHuman()
    {
        var dir = Temp.Combine($"human{Interlocked.Increment(ref stores)}");
        GitCli.Run(Temp.Path, "clone", "--quiet", Origin, dir);
        return dir;
    }

    public void Dispose() => Temp.Dispose();
}
