using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests;

/// <summary>
/// A new cache's first fetch is the git CLI's, and a read or a write takes only the tips (the CLI fetches while the
/// cache is shallow; libgit2 pushes); <c>history</c> makes the cache complete, after which fetches are libgit2's too. Every answer equals the one
/// a cache made by libgit2 alone gives.
/// </summary>
public sealed class NewCacheTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task A_new_cache_reads_and_writes_from_a_shallow_fetch_and_history_makes_it_complete()
    {
        var commits = await LeaseCommitsAsync();

        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        var snapshot = await store.ReadAsync();

        Assert.Equal(commits[^1], snapshot.StateCommit);
        Assert.Equal("alice", Assert.Single(snapshot.Lease(ClusterName).Holders).User);
        Assert.Equal(commits[^1] + "\n", File.ReadAllText(Path.Combine(options.CacheDirectory, "shallow")));
        Assert.Equal("1\n", GitCli.Run(options.CacheDirectory, "rev-list", "--count", "refs/remotes/origin/main"));

        var done = await store.TransactAsync(Decide("alice", new LeaseCommand.Done()), CommitSource.Slack);

        Assert.Equal(done.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal(commits[^1], repo.Git("rev-parse", "main^").Trim());
        Assert.True(File.Exists(Path.Combine(options.CacheDirectory, "shallow")));

        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal(["done", "request", "done", "ping", "request"], history.Select(t => t.Action));
        Assert.False(File.Exists(Path.Combine(options.CacheDirectory, "shallow")));
        Assert.Equal(repo.Git("rev-list", "--count", "main"), GitCli.Run(options.CacheDirectory, "rev-list", "--count", "refs/remotes/origin/main"));
    }

    [Fact]
    public async Task A_clone_a_killed_process_left_half_made_beside_the_cache_is_cleared_and_the_cache_made_whole()
    {
        await LeaseCommitsAsync();
        var options = repo.Options();
        var leftover = options.CacheDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".new-999999";
        Directory.CreateDirectory(Path.Combine(leftover, "objects"));
        File.WriteAllText(Path.Combine(leftover, "HEA"), "cut off mid-write");

        using var store = await GitStateStore.OpenAsync(options);
        var snapshot = await store.ReadAsync();

        Assert.Equal("alice", Assert.Single(snapshot.Lease(ClusterName).Holders).User);
        Assert.False(Directory.Exists(leftover));
        Assert.Equal("true\n", GitCli.Run(options.CacheDirectory, "rev-parse", "--is-bare-repository"));
    }

    [Fact]
    public async Task A_new_cache_follows_new_commits_through_libgit2()
    {
        await LeaseCommitsAsync();
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.ReadAsync();
        PushHumanCommit();
        repo.Later();

        var snapshot = await store.ReadAsync();

        Assert.Equal(repo.Git("rev-parse", "main").Trim(), snapshot.ConfigCommit);
        Assert.EndsWith("# note\n", System.Text.Encoding.UTF8.GetString(snapshot.Config.ReadFile("teams/redhat-coreos.yaml")!), StringComparison.Ordinal);
        Assert.Equal("", GitCli.Run(options.CacheDirectory, "fsck", "--no-progress", "--no-dangling"));
    }

    [Fact]
    public async Task History_on_a_new_cache_equals_the_answer_of_one_made_by_libgit2()
    {
        await LeaseCommitsAsync();
        using var complete = await repo.OpenAsync();
        await complete.TransactAsync(Decide("alice", new LeaseCommand.Done(), null, Now.AddMinutes(9)), CommitSource.Cli);
        var expected = await complete.HistoryAsync(ClusterName);

        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.ReadAsync();
        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal(["done", "request", "done", "ping", "request"], expected.Select(t => t.Action));
        Assert.Equivalent(expected, history, strict: true);
    }

    [Fact]
    public async Task Preparing_a_new_cache_completes_it_and_indexes_its_history_so_the_first_history_walks_nothing()
    {
        var commits = await LeaseCommitsAsync();
        using var complete = await repo.OpenAsync();
        var expected = await complete.HistoryAsync(ClusterName);
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.ReadAsync();

        await store.PrepareAsync();

        Assert.False(File.Exists(Path.Combine(options.CacheDirectory, "shallow")));
        var index = Assert.Single(Directory.EnumerateFiles(Path.Combine(options.CacheDirectory, "teamclustersync", "history")));
        Assert.Contains($"\"tip\":\"{commits[^1]}\"", File.ReadLines(index).First(), StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(index);

        var history = await store.HistoryAsync(ClusterName);

        Assert.Equivalent(expected, history, strict: true);
        Assert.Equal(written, File.GetLastWriteTimeUtc(index)); // read as it was: no walk, no rewrite
    }

    [Fact]
    public async Task The_first_write_of_a_new_cache_lands_on_the_tip_after_a_human_commit()
    {
        var commits = await LeaseCommitsAsync();
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.ReadAsync();
        var humanCommit = PushHumanCommit();

        var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Done()), CommitSource.Slack);

        Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal(humanCommit, repo.Git("rev-parse", "main^").Trim());
        Assert.Equal(commits[^1], repo.Git("rev-parse", "main^^").Trim());
        Assert.Equal("", GitCli.Run(repo.Origin, "fsck", "--no-progress", "--no-dangling"));
        Assert.True(File.Exists(Path.Combine(options.CacheDirectory, "shallow"))); // pushed from the tips alone
    }

    /// <summary>A human's edit of a team file, committed and pushed with the git CLI; returns its commit id.</summary>
    private string PushHumanCommit()
    {
        var human = repo.CloneForHuman();
        File.AppendAllText(Path.Combine(human, "teams", "redhat-coreos.yaml"), "# note\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "teams: note");
        GitCli.Run(human, "push", "--quiet");
        return GitCli.Run(human, "rev-parse", "HEAD").Trim();
    }

    /// <summary>The lease commits another store pushed (request, ping, done, request), oldest first.</summary>
    private async Task<List<string>> LeaseCommitsAsync()
    {
        using var writer = await repo.OpenAsync();
        var team = new HashSet<string> { "alice", "bob" };
        var commits = new List<string>();
        var steps = new (string User, LeaseCommand Command)[]
        {
            ("alice", new LeaseCommand.Request()), ("bob", new LeaseCommand.Ping()), ("alice", new LeaseCommand.Done()),
            ("alice", new LeaseCommand.Request()),
        };
        for (var i = 0; i < steps.Length; i++)
        {
            var result = await writer.TransactAsync(Decide(steps[i].User, steps[i].Command, team, Now.AddMinutes(i)), CommitSource.Slack);
            commits.Add(result.CommitId!);
        }

        return commits;
    }
}
