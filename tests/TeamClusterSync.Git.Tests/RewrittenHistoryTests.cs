using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests;

/// <summary>The store notices a force-push of the state branch to an older commit, even one made while it was stopped.</summary>
public sealed class RewrittenHistoryTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task A_force_push_made_while_the_store_was_closed_is_found_at_the_next_fetch_with_the_erased_leases()
    {
        var options = repo.Options();
        var older = repo.Git("rev-parse", "main").Trim();
        string erased;
        using (var first = await GitStateStore.OpenAsync(options))
        {
            erased = (await first.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli)).CommitId!;
        }

        var human = repo.CloneForHuman();
        GitCli.Run(human, "reset", "--quiet", "--hard", older);
        GitCli.Run(human, "push", "--quiet", "--force", "origin", "main");
        using var store = await GitStateStore.OpenAsync(options);
        var snapshot = await store.ReadAsync();

        var rewrite = Assert.Single(store.TakeRewrites());
        Assert.Equal(("main", erased, older), (rewrite.Branch, rewrite.OldTip, rewrite.NewTip));
        Assert.Equal("alice", Assert.Single(Assert.Single(rewrite.OldLeases).Holders).User);
        Assert.True(snapshot.Lease(ClusterName).IsFree);
        Assert.Empty(store.TakeRewrites());
    }

    [Fact]
    public async Task A_cache_that_only_read_follows_a_force_push_and_finds_the_rewrite()
    {
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.ReadAsync(); // the tips only: the cache is shallow
        var human = repo.CloneForHuman();
        var before = GitCli.Run(human, "rev-parse", "HEAD").Trim();
        File.AppendAllText(Path.Combine(human, "teams", "redhat-coreos.yaml"), "# note\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "teams: note");
        GitCli.Run(human, "push", "--quiet");
        var noted = GitCli.Run(human, "rev-parse", "HEAD").Trim();
        repo.Later();
        Assert.Equal(noted, (await store.ReadAsync()).StateCommit);

        GitCli.Run(human, "reset", "--quiet", "--hard", before);
        GitCli.Run(human, "push", "--quiet", "--force", "origin", "main");
        repo.Later();
        var snapshot = await store.ReadAsync();

        Assert.True(File.Exists(Path.Combine(options.CacheDirectory, "shallow")));
        Assert.Equal(before, snapshot.StateCommit);
        var rewrite = Assert.Single(store.TakeRewrites());
        Assert.Equal(("main", noted, before), (rewrite.Branch, rewrite.OldTip, rewrite.NewTip));
    }
}
