using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests;

public sealed class StateStoreTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task A_grant_is_one_commit_touching_only_the_lease_file_with_trailers()
    {
        using var store = await repo.OpenAsync();
        var seed = repo.Git("rev-parse", "main").Trim();

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), "slack");

        Assert.Equal(1, result.Attempts);
        Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal(seed, repo.Git("rev-parse", "main^").Trim());
        Assert.Equal("state/leases/team-rhcos.yaml\n", repo.Git("diff", "--name-only", "main^", "main"));
        Assert.Equal(
            "lease: @alice took team-rhcos (read-write)\n\nCluster: team-rhcos\nActor: alice\nAction: request\nSource: slack\n\n",
            repo.Git("log", "-1", "--format=%B", "main"));
        Assert.Equal("teamclustersync <teamclustersync@users.noreply.github.com>\n", repo.Git("log", "-1", "--format=%an <%ae>", "main"));
        Assert.Equal(LeaseStateYaml.Write(result.Value.State), repo.Git("show", "main:state/leases/team-rhcos.yaml"));
    }

    [Fact]
    public async Task A_decision_without_change_commits_nothing()
    {
        using var store = await repo.OpenAsync();
        var before = repo.Git("rev-parse", "main");

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Done()), "cli");

        Assert.Null(result.CommitId);
        Assert.Equal(Notice.Refused, Assert.Single(result.Value.Effects.OfType<LeaseEffect.Notify>()).Notice);
        Assert.Equal(before, repo.Git("rev-parse", "main"));
    }

    [Fact]
    public async Task Snapshot_reads_config_tree_and_leases()
    {
        using var store = await repo.OpenAsync();
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), "slack");

        var snapshot = await store.ReadAsync();

        Assert.Equal(["clusters/team-ops.yaml", "clusters/team-rhcos.yaml"], snapshot.Config.ListFiles("clusters"));
        Assert.Equal("name: team-ops\nteam: ops\n", System.Text.Encoding.UTF8.GetString(snapshot.Config.ReadFile("clusters/team-ops.yaml")!));
        Assert.Null(snapshot.Config.ReadFile("clusters/nope.yaml"));
        Assert.Equal(snapshot.ConfigCommit, snapshot.StateCommit);
        Assert.Equal("alice", Assert.Single(snapshot.Lease(ClusterName).Holders).User);
        Assert.True(snapshot.Lease("team-ops").IsFree);
        Assert.Equal(ClusterName, Assert.Single(snapshot.Leases()).Cluster);
        Assert.Throws<ArgumentException>(() => snapshot.Lease("../teams/x"));
    }

    [Fact]
    public async Task Two_replicas_racing_one_hundred_requests_grant_exactly_one()
    {
        using var first = await repo.OpenAsync();
        using var second = await repo.OpenAsync();
        var users = Enumerable.Range(0, 100).Select(i => $"user{i:D3}").ToList();
        var members = new HashSet<string>(users);

        var results = await Task.WhenAll(users.Select((user, i) =>
            (i % 2 == 0 ? first : second).TransactAsync(Decide(user, new LeaseCommand.Request(), members), "slack")));

        var granted = Assert.Single(results, r => r.CommitId is not null);
        var winner = Assert.Single(granted.Value.State.Holders).User;
        var losers = results.Where(r => r.CommitId is null).ToList();
        Assert.Equal(99, losers.Count);
        Assert.All(losers, r => Assert.Equal(
            new LeaseEffect.Notify(r.Value.Effects.OfType<LeaseEffect.Notify>().Single().To, Notice.InUse, About: winner),
            Assert.Single(r.Value.Effects)));
        Assert.Equal("", repo.Git("rev-list", "--merges", "main"));
        Assert.Equal(granted.CommitId + "\n", repo.Git("rev-list", "main", "--", "state/"));
        Assert.Equal(2, int.Parse(repo.Git("rev-list", "--count", "main").Trim(), System.Globalization.CultureInfo.InvariantCulture));
        var snapshot = await first.ReadAsync();
        Assert.Equal(winner, Assert.Single(snapshot.Lease(ClusterName).Holders).User);
    }
}
