using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing.Git;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests.Remotes;

/// <summary>A new cache over smart HTTP behind basic auth: the git CLI's first fetch (with the token), then libgit2's.</summary>
public sealed class NewHttpCacheTests : IAsyncLifetime
{
    private readonly GitRepoFixture repo = new();
    private readonly string variable = "TCS_TEST_GIT_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private GitHttpStandIn server = null!;

    public async Task InitializeAsync()
    {
        server = await GitHttpStandIn.StartAsync(repo.Temp.Path);
        Environment.SetEnvironmentVariable(variable, "s3cret");
        server.RequireBasicAuth("x-access-token", "s3cret");
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(variable, null);
        await server.DisposeAsync();
        repo.Dispose();
    }

    [Fact]
    public async Task A_new_cache_fetched_by_the_git_cli_answers_as_a_complete_one()
    {
        var team = new HashSet<string> { "alice", "bob" };
        using (var writer = await repo.OpenAsync())
        {
            await writer.TransactAsync(Decide("alice", new LeaseCommand.Request(), team), CommitSource.Slack);
            await writer.TransactAsync(Decide("bob", new LeaseCommand.Ping(), team, Now.AddMinutes(1)), CommitSource.Slack);
        }

        using var complete = await repo.OpenAsync();
        var expected = await complete.HistoryAsync(ClusterName);
        var cache = repo.Temp.Combine("http-cache");
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(server.UrlOf("origin.git"), cache) { TokenVariable = variable, AllowPlainHttp = true });

        var snapshot = await store.ReadAsync();
        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal("bob", Assert.Single(snapshot.Lease(ClusterName).Pending).User);
        Assert.Equal(["ping", "request"], history.Select(t => t.Action));
        Assert.Equivalent(expected, history, strict: true);
        Assert.False(File.Exists(Path.Combine(cache, "shallow")));
        Assert.Equal(2, server.Fetches);
    }
}
