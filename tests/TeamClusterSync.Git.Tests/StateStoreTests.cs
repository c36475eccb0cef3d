using TeamClusterSync.App.Ports;
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

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);

        Assert.Equal(1, result.Attempts);
        Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal(seed, repo.Git("rev-parse", "main^").Trim());
        Assert.Equal("state/leases/team-rhcos.yaml\n", repo.Git("diff", "--name-only", "main^", "main"));
        Assert.Equal(
            "lease: @alice took team-rhcos (read-write)\n\nCluster: team-rhcos\nActor: alice\nAction: request\nSource: slack\n\n",
            repo.Git("log", "-1", "--format=%B", "main"));
        Assert.Equal("alice <alice@users.noreply.github.com>|teamclustersync <teamclustersync@users.noreply.github.com>\n", repo.Git("log", "-1", "--format=%an <%ae>|%cn <%ce>", "main"));
        Assert.Equal(LeaseStateYaml.Write(result.Value.State), repo.Git("show", "main:state/leases/team-rhcos.yaml"));
    }

    [Fact]
    public async Task A_decision_without_change_commits_nothing()
    {
        using var store = await repo.OpenAsync();
        var before = repo.Git("rev-parse", "main");

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Done()), CommitSource.Cli);

        Assert.Null(result.CommitId);
        Assert.Equal(Notice.Refused, Assert.Single(result.Value.Effects.OfType<LeaseEffect.Notify>()).Notice);
        Assert.Equal(before, repo.Git("rev-parse", "main"));
    }

    [Fact]
    public async Task Snapshot_reads_config_tree_and_leases()
    {
        using var store = await repo.OpenAsync();
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);

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
        var pushes = 0;
        var firstReady = new TaskCompletionSource();
        var secondReady = new TaskCompletionSource();

        // Each replica's first commit waits for the other's, so both build on the same tip and one push must lose.
        first.BeforePush = _ => Rendezvous(firstReady, secondReady);
        second.BeforePush = _ => Rendezvous(secondReady, firstReady);
        async Task Rendezvous(TaskCompletionSource mine, TaskCompletionSource other)
        {
            Interlocked.Increment(ref pushes);
            mine.TrySetResult();
            await other.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var users = Enumerable.Range(0, 100).Select(i => $"user{i:D3}").ToList();
        var members = new HashSet<string>(users);

        var results = await Task.WhenAll(users.Select((user, i) =>
            (i % 2 == 0 ? first : second).TransactAsync(Decide(user, new LeaseCommand.Request(), members), CommitSource.Slack)));

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

        // Each replica pushed what it had decided so far in one go, and both pushes were built on the same tip: one landed
        // (the only ref update in origin's log, enabled after the seed), and every decision of the other was made again
        // on the new tip (later batches were decided on it at once).
        Assert.Equal(2, pushes);
        Assert.Contains(results, r => r.Attempts == 2);
        Assert.All(results, r => Assert.InRange(r.Attempts, 1, 2));
        Assert.Equal(granted.CommitId + "\n", repo.Git("reflog", "show", "--format=%H", "main"));
        var snapshot = await first.ReadAsync();
        Assert.Equal(winner, Assert.Single(snapshot.Lease(ClusterName).Holders).User);
    }

    [Fact]
    public async Task Human_commits_between_bot_pushes_survive_and_nothing_is_forced()
    {
        using var store = await repo.OpenAsync();
        var human = repo.CloneForHuman();
        var humanCommits = new List<string>();
        foreach (var (user, command) in new (string, LeaseCommand)[] { ("alice", new LeaseCommand.Request()), ("alice", new LeaseCommand.Done()), ("bob", new LeaseCommand.Request()) })
        {
            // The human's clone is stale (it has not pulled the bot's commit): git pull --rebase, commit, push.
            File.AppendAllText(Path.Combine(human, "teams", "redhat-coreos.yaml"), $"# edited before {user} {command.Action}\n");
            GitCli.Run(human, "commit", "--quiet", "-am", $"teams: note before {user} {command.Action}");
            GitCli.Run(human, "pull", "--quiet", "--rebase");
            GitCli.Run(human, "push", "--quiet");
            humanCommits.Add(GitCli.Run(human, "rev-parse", "HEAD").Trim());

            await store.TransactAsync(Decide(user, command), CommitSource.Slack);
        }

        var history = repo.Git("log", "--format=%cn|%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "teamclustersync|lease: @bob took team-rhcos (read-write)",
                "Human Tester|teams: note before bob request",
                "teamclustersync|lease: @alice released team-rhcos",
                "Human Tester|teams: note before alice done",
                "teamclustersync|lease: @alice took team-rhcos (read-write)",
                "Human Tester|teams: note before alice request",
                "Human Tester|seed config",
            ],
            history);
        Assert.All(humanCommits, c => GitCli.Run(repo.Origin, "merge-base", "--is-ancestor", c, "main"));
        Assert.Equal(3, repo.Git("show", "main:teams/redhat-coreos.yaml").Split("# edited").Length - 1);

        // Every update of main in origin's ref log moved it forward from the previous value.
        var updates = File.ReadAllLines(Path.Combine(repo.Origin, "logs", "refs", "heads", "main"));
        Assert.Equal(6, updates.Length);
        Assert.All(updates, line =>
        {
            var parts = line.Split(' ');
            GitCli.Run(repo.Origin, "merge-base", "--is-ancestor", parts[0], parts[1]);
        });
    }

    [Fact]
    public async Task A_crash_between_commit_and_push_leaves_origin_unchanged_and_is_never_reported()
    {
        var options = repo.Options();
        var before = repo.Git("rev-parse", "main");
        string? unpushed = null;
        using (var crashing = await GitStateStore.OpenAsync(options))
        {
            crashing.BeforePush = commit =>
            {
                unpushed = commit;
                throw new IOException("killed between commit and push");
            };

            var e = await Assert.ThrowsAsync<IOException>(() => crashing.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack));
            Assert.Equal("killed between commit and push", e.Message);
        }

        Assert.Equal(before, repo.Git("rev-parse", "main"));
        using var restarted = await GitStateStore.OpenAsync(options);
        var snapshot = await restarted.ReadAsync();
        Assert.True(snapshot.Lease(ClusterName).IsFree);
        Assert.Equal(before.Trim(), snapshot.StateCommit);
        Assert.Empty(await restarted.HistoryAsync(ClusterName));

        var retry = await restarted.TransactAsync(Decide("bob", new LeaseCommand.Request()), CommitSource.Slack);

        Assert.NotEqual(unpushed, retry.CommitId);
        Assert.Equal(retry.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal("bob", Assert.Single((await restarted.ReadAsync()).Lease(ClusterName).Holders).User);
    }

    [Fact]
    public async Task A_separate_state_branch_is_created_from_the_config_branch_and_only_state_is_touched()
    {
        using var store = await repo.OpenAsync(stateBranch: "state");
        var main = repo.Git("rev-parse", "main").Trim();
        Assert.Null((await store.ReadAsync()).StateCommit);

        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli);
        var human = repo.CloneForHuman();
        File.WriteAllText(Path.Combine(human, "clusters", "team-new.yaml"), "name: team-new\n");
        GitCli.Run(human, "add", "-A");
        GitCli.Run(human, "commit", "--quiet", "-m", "clusters: add team-new");
        GitCli.Run(human, "push", "--quiet");
        await store.TransactAsync(Decide("alice", new LeaseCommand.Done()), CommitSource.Cli);

        Assert.Equal(main, repo.Git("rev-parse", "state~2").Trim());
        Assert.Equal("state/leases/team-rhcos.yaml\n", repo.Git("diff", "--name-only", main, "state"));
        Assert.Equal("", repo.Git("ls-tree", "main", "state/"));

        // Only the config branch moved under the store's pushes: the snapshot has it once it is older than its bound.
        Assert.DoesNotContain("clusters/team-new.yaml", (await store.ReadAsync()).Config.ListFiles("clusters"));
        repo.Later();
        var snapshot = await store.ReadAsync();
        Assert.Equal(repo.Git("rev-parse", "main").Trim(), snapshot.ConfigCommit);
        Assert.Equal(repo.Git("rev-parse", "state").Trim(), snapshot.StateCommit);
        Assert.Contains("clusters/team-new.yaml", snapshot.Config.ListFiles("clusters"));
        Assert.Equal(
            "lease: @alice released team-rhcos\n\nCluster: team-rhcos\nActor: alice\nAction: done\nSource: cli\n\n",
            repo.Git("log", "-1", "--format=%B", "state"));
    }

    [Fact]
    public async Task A_server_side_rejection_fails_loudly_and_reports_nothing()
    {
        using var store = await repo.OpenAsync(stateBranch: "state");
        var hook = Path.Combine(repo.Origin, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\necho 'state branch is protected' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var e = await Assert.ThrowsAsync<StatePushRejectedException>(() => store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack));

        Assert.Equal("refs/heads/state", e.Reference);
        Assert.Equal("pre-receive hook declined", e.Reason);
        Assert.Equal($"{repo.Origin} refused the update of refs/heads/state: pre-receive hook declined", e.Message);
        Assert.Equal("", repo.Git("branch", "--list", "state"));
        Assert.Null((await store.ReadAsync()).StateCommit);
    }

    [Fact]
    public async Task A_corrupt_lease_file_surfaces_as_an_error_instead_of_a_free_cluster()
    {
        using var store = await repo.OpenAsync();
        var human = repo.CloneForHuman();
        Directory.CreateDirectory(Path.Combine(human, "state", "leases"));
        File.WriteAllText(Path.Combine(human, "state", "leases", "team-rhcos.yaml"), "cluster: team-rhcos\nholders: {oops\n");
        GitCli.Run(human, "add", "-A");
        GitCli.Run(human, "commit", "--quiet", "-m", "break it");
        GitCli.Run(human, "push", "--quiet");
        var before = repo.Git("rev-parse", "main");

        var e = await Assert.ThrowsAsync<FormatException>(() => store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack));

        Assert.StartsWith("state/leases/team-rhcos.yaml:", e.Message);
        Assert.Equal(before, repo.Git("rev-parse", "main"));
    }

    [Fact]
    public async Task A_working_copy_with_the_branch_checked_out_is_refused_as_a_push_target()
    {
        var human = repo.CloneForHuman();
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(human, repo.Temp.Combine("cache-wc")));

        Assert.True((await store.ReadAsync()).Lease(ClusterName).IsFree);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli));

        Assert.Equal(
            $"{human} is a working copy with refs/heads/main checked out; the bot must not push there. "
            + "Pass the bare origin or its URL instead (see 'git -C <dir> remote get-url origin').",
            e.Message);
    }

    [Fact]
    public async Task A_file_url_remote_works_like_a_path()
    {
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(new Uri(repo.Origin).AbsoluteUri, repo.Temp.Combine("cache-url")));

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli);

        Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
    }
}
