using System.Collections.Concurrent;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Time;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Kubernetes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// Two <c>serve --leader-elect</c> replicas over one bare origin and one Kubernetes API (the Lease stand-in, with
/// resourceVersion compare-and-swap): only the leader runs the scheduled jobs, and leadership moves when it goes.
/// </summary>
public sealed class LeaderElectionTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-leader");
    private readonly ConcurrentQueue<string> leadership = new();
    private SlackStandIn slack = null!;
    private LeaseStandIn leases = null!;
    private ServeReplica a = null!;
    private ServeReplica b = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slack);
        leases = await LeaseStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        await leases.DisposeAsync();
        await slack.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task A_lease_ending_within_the_reminder_window_gets_exactly_one_reminder_from_the_leader_only()
    {
        // miabbott's lease ends in 29 min 45 s: the example config reminds 30 minutes before, on the sweep that
        // runs in the minute after that (the real clock: Quartz and the app share the TimeProvider).
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddMinutes(29.75);
        var lease = new LeaseState("team-rhcos", [new Holder("miabbott", AccessMode.ReadWrite, now.AddHours(-7), expires)], [], []);
        HumanEdit.Commit(Origin, temp.Combine("human"), LeaseStateYaml.PathOf("team-rhcos"), LeaseStateYaml.Write(lease), "lease: @miabbott took team-rhcos (read-write)");
        await StartBothAsync();
        var (leader, follower) = await LeaderAsync();
        await Eventually.WaitAsync(() => leader.Runs.Finished("lease-expiry") >= 1, "the leader swept the leases");
        await Eventually.WaitAsync(() => leases.Writes >= 10, "the leader renewed while the other replica kept trying");

        Assert.Equal(
            [$"your lease on team-rhcos ends at {Timestamps.Human(expires)}: use `teamcluster extend` to keep it, or `teamcluster done` to give it back"],
            slack.Messages.Where(m => m.Channel == slack.DirectMessageChannel(StandInTranscript.People["miabbott"])).Select(m => m.Text));
        Assert.Equal((true, false), (leader.RunsJobs, follower.RunsJobs));
        Assert.Equal(0, follower.Runs.FinishedTotal);
        Assert.Equal([leader.Identity], leases.HolderHistory);
    }

    [Fact]
    public async Task A_leader_that_stops_gives_up_the_lease_and_the_other_replica_takes_the_jobs()
    {
        await StartBothAsync();
        var (leader, follower) = await LeaderAsync();
        await Eventually.WaitAsync(() => leader.Runs.Finished("lease-expiry") >= 1, "the leader swept the leases");

        await leader.StopAsync();
        await Eventually.WaitAsync(() => follower.Runs.Finished("lease-expiry") >= 1, "the other replica swept the leases");

        Assert.Equal([leader.Identity, "", follower.Identity], leases.HolderHistory);
        Assert.Equal([$"{leader.Identity} leads", $"{leader.Identity} stopped", $"{follower.Identity} leads"], leadership);
        Assert.False(leader.RunsJobs);
    }

    [Fact]
    public async Task A_leader_cut_off_from_the_api_stops_its_jobs_before_the_other_replica_starts_them()
    {
        await StartBothAsync();
        var (leader, follower) = await LeaderAsync();

        leases.CutOff(leader.Identity);
        await Eventually.WaitAsync(() => follower.RunsJobs, "the other replica leads");

        Assert.Equal([$"{leader.Identity} leads", $"{leader.Identity} stopped", $"{follower.Identity} leads"], leadership);
        Assert.Equal([leader.Identity, follower.Identity], leases.HolderHistory);
        Assert.False(leader.RunsJobs);
    }

    [Fact]
    public async Task The_replica_waiting_for_the_lease_completes_its_new_cache_in_the_background()
    {
        await StartBothAsync();
        var (_, follower) = await LeaderAsync();
        var cache = temp.Combine(follower == a ? "cache-a" : "cache-b");
        // The first fetch comes with the readiness probe's first check, which runs once the host has started.
        using var http = new HttpClient();
        await Eventually.WaitAsync(() => http.GetStringAsync(new Uri(follower.BaseUrl, "/readyz")).Result.StartsWith("ready: ", StringComparison.Ordinal), "the follower read the config repo");

        await Eventually.WaitAsync(
            () => File.Exists(Path.Combine(cache, "HEAD")) && !File.Exists(Path.Combine(cache, "shallow")), "the follower's cache is complete");

        Assert.Equal(0, follower.Runs.FinishedTotal); // it wrote nothing: the history came by itself
        // The whole history up to the tip it fetched (the leader may have pushed since).
        var tip = GitCli.Run(cache, "rev-parse", "refs/remotes/origin/main").Trim();
        Assert.Equal(GitCli.Run(Origin, "rev-list", "--count", tip), GitCli.Run(cache, "rev-list", "--count", tip));
    }

    private async Task StartBothAsync()
    {
        a = await ServeReplica.StartAsync("replica-a", Origin, temp.Combine("cache-a"), slack, leases, Record);
        b = await ServeReplica.StartAsync("replica-b", Origin, temp.Combine("cache-b"), slack, leases, Record);
    }

    private void Record(ServeReplica replica) =>
        replica.Election!.Changed += () => leadership.Enqueue($"{replica.Identity} {(replica.Election.IsLeader ? "leads" : "stopped")}");

    private async Task<(ServeReplica Leader, ServeReplica Follower)> LeaderAsync()
    {
        await Eventually.WaitAsync(() => a.RunsJobs || b.RunsJobs, "one replica leads");
        return a.RunsJobs ? (a, b) : (b, a);
    }
}
