using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests;

/// <summary>
/// The cache clone deleted or gutted under a running store (a node cleaning its disk): the next operation rebuilds it and
/// answers as usual; a directory that is not ours, found where the cache was, is never deleted.
/// </summary>
public sealed class VanishedCacheTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task A_cache_deleted_between_two_commands_is_rebuilt_and_the_second_command_works()
    {
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli);

        Directory.Delete(options.CacheDirectory, recursive: true);
        var done = await store.TransactAsync(Decide("alice", new LeaseCommand.Done(), at: Now.AddMinutes(5)), CommitSource.Cli);

        Assert.Equal(repo.Git("rev-parse", "main").Trim(), done.CommitId);
        Assert.Equal(["lease: @alice released team-rhcos", "lease: @alice took team-rhcos (read-write)"], repo.Git("log", "--format=%s", "-2", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, store.CacheRebuilds);
        Assert.Equal(2, (await store.HistoryAsync(ClusterName)).Count);
    }

    [Fact]
    public async Task A_cache_whose_objects_were_deleted_is_rebuilt()
    {
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli);

        Directory.Delete(Path.Combine(options.CacheDirectory, "objects"), recursive: true);
        repo.Later();
        var snapshot = await store.ReadAsync();

        Assert.Equal("alice", Assert.Single(snapshot.Lease(ClusterName).Holders).User);
        Assert.Equal(1, store.CacheRebuilds);
    }

    [Fact]
    public async Task A_directory_that_is_not_ours_where_the_cache_was_is_left_alone_and_named()
    {
        var options = repo.Options();
        using var store = await GitStateStore.OpenAsync(options);
        await store.ReadAsync();

        Directory.Delete(options.CacheDirectory, recursive: true);
        Directory.CreateDirectory(options.CacheDirectory);
        File.WriteAllText(Path.Combine(options.CacheDirectory, "notes.txt"), "someone else's");
        repo.Later();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReadAsync());

        Assert.Equal($"{Path.GetFullPath(options.CacheDirectory)} is not empty and not a git repository; choose another cache directory", error.Message);
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(options.CacheDirectory, "notes.txt")));
    }
}
