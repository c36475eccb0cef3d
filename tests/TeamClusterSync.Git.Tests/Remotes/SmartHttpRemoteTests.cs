using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Git;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests.Remotes;

/// <summary>
/// The store against a real bare origin served over smart HTTP by <c>git http-backend</c>: the transport GitHub
/// uses, minus TLS. Counting requests pins down how many round trips reads and transactions cost.
/// </summary>
public sealed class SmartHttpRemoteTests : IAsyncLifetime
{
    private readonly GitRepoFixture repo = new();
    private GitHttpStandIn server = null!;

    private string Remote => server.UrlOf("origin.git");

    public async Task InitializeAsync() => server = await GitHttpStandIn.StartAsync(repo.Temp.Path);

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        repo.Dispose();
    }

    [Fact]
    public async Task Opening_fetches_nothing_and_reads_share_one_fetch_until_the_snapshot_is_older_than_its_bound()
    {
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")) { Clock = repo.Clock });
        Assert.Equal(0, server.Requests);

        // The fetch also brings the commit the remote's HEAD names, which says which branch is the config branch, so
        // even a new cache needs no extra ls-remote. Readers at the same time share that fetch; later ones read the
        // snapshot until it is older than the bound, then fetch once again; the next process fetches once too.
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.ReadAsync()));
        var snapshot = snapshots[0];
        Assert.Equal(1, server.Fetches);
        Assert.All(snapshots, s => Assert.Same(snapshot, s));
        Assert.Same(snapshot, await store.ReadAsync());
        Assert.Same(snapshot, store.Latest);
        Assert.Equal(1, server.Fetches);
        repo.Later();
        await store.ReadAsync();
        Assert.Equal(2, server.Fetches);
        using (var again = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache"))))
        {
            await again.ReadAsync();
        }

        Assert.Equal(3, server.Fetches);
        Assert.Equal(0, server.Pushes);
        Assert.Equal(repo.Git("rev-parse", "main").Trim(), snapshot.ConfigCommit);
        Assert.Equal(["clusters/team-ops.yaml", "clusters/team-rhcos.yaml"], snapshot.Config.ListFiles("clusters"));
        Assert.True(snapshot.Lease(ClusterName).IsFree);
    }

    [Fact]
    public async Task A_history_read_fetches_once_and_leaves_the_snapshot_fresh_for_the_reads_after_it()
    {
        using (var writer = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("writer-cache")) { Clock = repo.Clock }))
        {
            await writer.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        }

        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("history-cache")) { Clock = repo.Clock });
        var fetchesBefore = server.Fetches;

        // What `teamclustersync history` does: the transitions, then the snapshot for the cluster's current state.
        var transitions = await store.HistoryAsync(ClusterName);
        var snapshot = await store.ReadAsync();

        Assert.Equal("alice", Assert.Single(transitions).Actor);
        Assert.Equal("alice", Assert.Single(snapshot.Lease(ClusterName).Holders).User);
        Assert.Equal(fetchesBefore + 1, server.Fetches);
    }

    [Fact]
    public async Task A_store_stopped_while_its_fetch_is_under_way_frees_its_repository_only_after_the_fetch()
    {
        // libgit2 crashes the whole process when a repository is freed under a fetch (a host stopping while the
        // background refresh runs did that to the test host): the fetch finishes first, and later calls are refused.
        var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")) { Clock = repo.Clock });
        server.Delay = TimeSpan.FromSeconds(1);
        var read = store.ReadAsync();
        await Eventually.WaitAsync(() => server.Requests >= 1, "the fetch is under way");

        store.Dispose();

        Assert.Equal(repo.Git("rev-parse", "main").Trim(), (await read).ConfigCommit);
        repo.Later();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync());
    }

    [Fact]
    public async Task A_transaction_pushes_over_http_and_the_commit_lands_in_the_origin()
    {
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")));
        var seed = repo.Git("rev-parse", "main").Trim();
        await store.ReadAsync();
        var (fetchesBefore, requestsBefore) = (server.Fetches, server.Requests);

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);

        // Decided on the snapshot and pushed at once: the push's two requests (advertisement, pack) and no fetch.
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, server.Pushes);
        Assert.Equal(fetchesBefore, server.Fetches);
        Assert.Equal(requestsBefore + 2, server.Requests);
        Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal(seed, repo.Git("rev-parse", "main^").Trim());
        Assert.Equal("state/leases/team-rhcos.yaml\n", repo.Git("diff", "--name-only", "main^", "main"));
        Assert.Equal("", GitCli.Run(repo.Origin, "fsck", "--no-progress", "--no-dangling"));

        // A second store (a fresh clone over http) sees the lease.
        using var other = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache-2")));
        Assert.Equal("alice", Assert.Single((await other.ReadAsync()).Lease(ClusterName).Holders).User);
    }

    [Fact]
    public async Task A_pre_receive_hook_refusal_over_http_fails_loudly_and_changes_nothing()
    {
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")));
        GitCli.InstallHook(repo.Origin, "pre-receive", "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n");
        var before = repo.Git("rev-parse", "main");
        await store.ReadAsync();
        var fetchesBefore = server.Fetches;

        var e = await Assert.ThrowsAsync<StatePushRejectedException>(
            () => store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack));

        Assert.Equal("refs/heads/main", e.Reference);
        Assert.Equal("pre-receive hook declined", e.Reason);
        Assert.Equal($"{Remote} refused the update of refs/heads/main: pre-receive hook declined", e.Message);
        Assert.Equal(1, server.Pushes);

        // Decided on the snapshot; one fetch after the refusal to tell a lost race from a rejection.
        Assert.Equal(fetchesBefore + 1, server.Fetches);
        Assert.Equal(before, repo.Git("rev-parse", "main"));
        Assert.True((await store.ReadAsync()).Lease(ClusterName).IsFree);
    }

    [Fact]
    public async Task A_push_whose_answer_is_lost_is_checked_against_the_remote_and_counts_once_it_is_there()
    {
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")) { NetworkTimeout = TimeSpan.FromSeconds(2) });
        await store.ReadAsync();
        var fetchesBefore = server.Fetches;
        server.LoseNextPushAnswers();

        // The outer bound only keeps a broken build from hanging CI.
        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(repo.Git("rev-parse", "main").Trim(), result.CommitId);
        Assert.Equal(1, server.Pushes);
        Assert.Equal(fetchesBefore + 1, server.Fetches);
        Assert.Equal("alice", Assert.Single((await store.ReadAsync()).Lease(ClusterName).Holders).User);
    }

    [Fact]
    public async Task A_push_that_never_arrived_and_got_no_answer_tells_every_waiting_decision_nothing_changed()
    {
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")) { NetworkTimeout = TimeSpan.FromSeconds(2) });
        await store.ReadAsync();
        var before = repo.Git("rev-parse", "main");
        server.Intercept = async context =>
        {
            if (!context.Request.Path.Value!.EndsWith("/git-receive-pack", StringComparison.Ordinal) || context.Request.Method != "POST")
            {
                return false;
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };

        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal($"{Remote} did not answer within 2 s, and the change is not there; nothing changed", e.Message);
        Assert.Equal(before, repo.Git("rev-parse", "main"));
        Assert.True((await store.ReadAsync()).Lease(ClusterName).IsFree);
    }

    [Fact]
    public async Task Behind_basic_auth_the_token_is_sent_after_the_challenge_and_the_push_lands()
    {
        var variable = "TCS_TEST_GIT_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "s3cret");
        try
        {
            server.RequireBasicAuth("x-access-token", "s3cret");
            var options = new GitStateStoreOptions(Remote, repo.Temp.Combine("http-cache")) { TokenVariable = variable, AllowPlainHttp = true };
            using var store = await GitStateStore.OpenAsync(options);

            var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);

            Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
            Assert.Equal(1, server.Fetches);
            Assert.Equal(1, server.Pushes);

            // The fetch (the git CLI's, a new cache's: the tips only) and the push (libgit2's) are each first sent
            // without credentials and challenged (2 x 401), then repeated with the token. The rest: the upload-pack
            // advertisement and two POSTs (a depth-1 fetch gets the shallow lines first), the push's advertisement and POST.
            Assert.Equal(2 + 3 + 2, server.Requests);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
