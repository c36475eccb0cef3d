using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Testing;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests.Writes;

/// <summary>
/// The write pipeline against a real bare origin: decisions that arrive while a push is in flight are decided on the
/// local tip, each its own commit, and go out together in the next push; a refused push has every one of them decided
/// again on the new tip.
/// </summary>
public sealed class WritePipelineTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task Decisions_queued_behind_a_push_go_out_together_in_the_next_each_its_own_commit_by_its_person()
    {
        using var store = await repo.OpenAsync();
        var pushes = new List<string>();
        store.BeforePush = async head =>
        {
            pushes.Add(head);
            if (pushes.Count == 1)
            {
                // The first push is in flight until three more decisions wait behind it.
                await Eventually.WaitAsync(() => store.WaitingWrites == 3, "three decisions wait behind the first push");
            }
        };

        var first = store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        await Eventually.WaitAsync(() => pushes.Count == 1, "the first push is in flight");
        var done = store.TransactAsync(Decide("alice", new LeaseCommand.Done()), CommitSource.Slack);
        var bob = store.TransactAsync(Decide("bob", new LeaseCommand.Request(), new HashSet<string> { "bob", "carol" }), CommitSource.Cli);
        var carol = store.TransactAsync(Decide("carol", new LeaseCommand.Request(), new HashSet<string> { "bob", "carol" }), CommitSource.Cli);
        await Task.WhenAll(first, done, bob, carol);

        Assert.Equal(
            [
                "bob|lease: @bob took team-rhcos (read-write)|Cluster: team-rhcos,Actor: bob,Action: request,Source: cli|state/leases/team-rhcos.yaml",
                "alice|lease: @alice released team-rhcos|Cluster: team-rhcos,Actor: alice,Action: done,Source: slack|state/leases/team-rhcos.yaml",
                "alice|lease: @alice took team-rhcos (read-write)|Cluster: team-rhcos,Actor: alice,Action: request,Source: slack|state/leases/team-rhcos.yaml",
            ],
            repo.Git("log", "-3", "--format=%an|%s|%(trailers:separator=%x2C)|", "--name-only", "main")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Chunk(2).Select(c => c[0] + c[1]));
        Assert.Equal(
            [repo.Git("rev-parse", "main~2").Trim(), repo.Git("rev-parse", "main~1").Trim(), repo.Git("rev-parse", "main").Trim()],
            new[] { (await first).CommitId!, (await done).CommitId!, (await bob).CommitId! });

        // Two pushes: the second carried the chain; carol's decision, made on bob's commit before it was pushed, is
        // answered only once it was.
        Assert.Equal([(await first).CommitId!, (await bob).CommitId!], pushes);
        Assert.Equal([(await bob).CommitId!, (await first).CommitId!], repo.Git("reflog", "show", "--format=%H", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Null((await carol).CommitId);
        Assert.Equal(new LeaseEffect.Notify("carol", Notice.InUse, About: "bob"), Assert.Single((await carol).Value.Effects));
        Assert.All(new[] { await first, await done, await bob, await carol }, r => Assert.Equal(1, r.Attempts));
        Assert.Equal("bob", Assert.Single((await store.ReadAsync()).Lease(ClusterName).Holders).User);
    }

    [Fact]
    public async Task A_refused_push_has_every_decision_of_its_batch_made_again_on_the_new_tip()
    {
        using var store = await repo.OpenAsync();
        using var other = await repo.OpenAsync();
        var members = new HashSet<string> { "bob", "dave", "erin", "frank" };
        var pushes = 0;
        store.BeforePush = async _ =>
        {
            if (++pushes == 1)
            {
                await Eventually.WaitAsync(() => store.WaitingWrites == 3, "three decisions wait behind the first push");
            }
            else if (pushes == 2)
            {
                // While the batch of three is on its way, another replica grants the cluster to bob.
                await other.TransactAsync(Decide("bob", new LeaseCommand.Request(), members), CommitSource.Slack);
            }
        };

        var seen = store.RecordClusterAsync(new ClusterRecord("team-ops", 1, Now), null, "cluster: team-ops first seen by the schedule", CommitSource.Schedule);
        await Eventually.WaitAsync(() => pushes == 1, "the first push is in flight");
        var queued = new[] { "dave", "erin", "frank" }.Select(user => store.TransactAsync(Decide(user, new LeaseCommand.Request(), members), CommitSource.Slack)).ToList();
        var results = await Task.WhenAll(queued);

        Assert.NotNull(await seen);
        Assert.Equal(2, pushes);
        Assert.All(results, r =>
        {
            Assert.Null(r.CommitId);
            Assert.Equal(2, r.Attempts);
            Assert.Equal(Notice.InUse, Assert.Single(r.Value.Effects.OfType<LeaseEffect.Notify>()).Notice);
            Assert.Equal("bob", Assert.Single(r.Value.Effects.OfType<LeaseEffect.Notify>()).About);
        });
        Assert.Equal(
            ["lease: @bob took team-rhcos (read-write)", "cluster: team-ops first seen by the schedule", "seed config"],
            repo.Git("log", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("bob", Assert.Single((await store.ReadAsync()).Lease(ClusterName).Holders).User);
    }

    [Fact]
    public async Task Two_replicas_racing_batches_of_queued_decisions_grant_each_cluster_once_and_the_losing_batch_is_decided_again()
    {
        using var first = await repo.OpenAsync();
        using var second = await repo.OpenAsync();
        const int queuedEach = 20;
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (firstPushes, secondPushes) = (0, 0);

        // Both replicas start with the same write (the schedule seeing team-ops), held until each has 20 decisions
        // queued behind it. The first replica's lands; the second's is refused and, decided again on the new tip,
        // changes nothing: both replicas' queues are now decided on that same tip, and their two batches race.
        first.BeforePush = async _ =>
        {
            if (++firstPushes == 1)
            {
                firstInFlight.SetResult();
                await Eventually.WaitAsync(() => first.WaitingWrites == queuedEach && second.WaitingWrites == queuedEach, "both replicas have 20 decisions queued");
            }
            else
            {
                await Rendezvous(firstBatch, secondBatch);
            }
        };
        second.BeforePush = async _ =>
        {
            if (++secondPushes == 1)
            {
                secondInFlight.SetResult();
                await firstBatch.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            else
            {
                await Rendezvous(secondBatch, firstBatch);
            }
        };
        static async Task Rendezvous(TaskCompletionSource mine, TaskCompletionSource other)
        {
            mine.TrySetResult();
            await other.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var seenFirst = first.RecordClusterAsync(new ClusterRecord("team-ops", 1, Now), null, "cluster: team-ops first seen by the schedule", CommitSource.Schedule);
        var seenSecond = second.RecordClusterAsync(new ClusterRecord("team-ops", 1, Now), null, "cluster: team-ops first seen by the schedule", CommitSource.Schedule);
        await Task.WhenAll(firstInFlight.Task, secondInFlight.Task).WaitAsync(TimeSpan.FromSeconds(30));
        var people = Enumerable.Range(0, queuedEach).SelectMany(i => new[] { $"a{i:D2}", $"b{i:D2}" }).ToList();
        var members = new HashSet<string>(people);
        var results = people.ToDictionary(
            user => user,
            user => (user[0] == 'a' ? first : second).TransactAsync(
                DecideOn(int.Parse(user[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? Cluster : OpsCluster, user, new LeaseCommand.Request(), members),
                CommitSource.Slack));
        await Task.WhenAll(results.Values);

        Assert.NotNull(await seenFirst);
        Assert.Null(await seenSecond);
        var snapshot = await first.ReadAsync();
        var (rhcos, ops) = (Assert.Single(snapshot.Lease(ClusterName).Holders).User, Assert.Single(snapshot.Lease("team-ops").Holders).User);
        var winners = rhcos[0];
        Assert.Equal(winners, ops[0]);

        // The winning batch was one push of a chain of two commits, one per cluster, each by its person; every other
        // decision was answered "in use", those of the losing batch after being decided again on the winners' tip.
        Assert.Equal(
            [$"{ops}|lease: @{ops} took team-ops (read-write)", $"{rhcos}|lease: @{rhcos} took team-rhcos (read-write)", "teamclustersync|cluster: team-ops first seen by the schedule"],
            repo.Git("log", "-3", "--format=%an|%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, repo.Git("reflog", "show", "--format=%H", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", repo.Git("rev-list", "--merges", "main"));
        foreach (var (user, task) in results)
        {
            var result = await task;
            if (user == rhcos || user == ops)
            {
                Assert.Equal((1, user), (result.Attempts, Assert.Single(result.Value.State.Holders).User));
                continue;
            }

            var holder = int.Parse(user[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? rhcos : ops;
            Assert.Null(result.CommitId);
            Assert.Equal(user[0] == winners ? 1 : 2, result.Attempts);
            Assert.Equal(new LeaseEffect.Notify(user, Notice.InUse, About: holder), Assert.Single(result.Value.Effects));
        }
    }

    [Fact]
    public async Task A_human_commit_to_teams_reaches_the_snapshot_within_the_bound_and_survives_the_bot_writing_on_a_stale_one()
    {
        using var store = await repo.OpenAsync();
        await store.ReadAsync();
        var human = repo.CloneForHuman();
        File.AppendAllText(Path.Combine(human, "teams", "redhat-coreos.yaml"), "# dora joins next week\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "teams: note about dora");
        GitCli.Run(human, "push", "--quiet");
        var noted = GitCli.Run(human, "rev-parse", "HEAD").Trim();

        // Within the bound the shared snapshot is what was read; a write decided on it is refused (the human moved
        // main), so the bot fetches, decides again and pushes on top of the human's commit.
        Assert.DoesNotContain("dora", Team(await store.ReadAsync()), StringComparison.Ordinal);
        var granted = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        Assert.Equal(2, granted.Attempts);
        Assert.Equal(noted, repo.Git("rev-parse", "main~1").Trim());
        Assert.Contains("dora", Team(await store.ReadAsync()), StringComparison.Ordinal);

        // A commit the bot's writes do not run into reaches the snapshot once it is older than the bound.
        GitCli.Run(human, "pull", "--quiet", "--rebase");
        File.AppendAllText(Path.Combine(human, "teams", "redhat-coreos.yaml"), "# and erin\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "teams: note about erin");
        GitCli.Run(human, "push", "--quiet");
        Assert.DoesNotContain("erin", Team(await store.ReadAsync()), StringComparison.Ordinal);
        repo.Later();
        Assert.Contains("erin", Team(await store.ReadAsync()), StringComparison.Ordinal);

        static string Team(StateSnapshot snapshot) => System.Text.Encoding.UTF8.GetString(snapshot.Config.ReadFile("teams/redhat-coreos.yaml")!);
    }
}
