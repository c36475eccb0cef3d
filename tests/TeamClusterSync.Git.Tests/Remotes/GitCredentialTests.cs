using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing.Git;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests.Remotes;

/// <summary>
/// The git token, against a real origin behind basic auth (git http-backend over loopback HTTP): never written to
/// disk, refused tokens reported after one try, and never sent over plain http:// unless allowed.
/// </summary>
public sealed class GitCredentialTests : IAsyncLifetime
{
    private const string Token = "ghp_s3cretTOKEN0123456789";
    private readonly GitRepoFixture repo = new();
    private readonly string variable = "TCS_TEST_GIT_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private GitHttpStandIn server = null!;

    public async Task InitializeAsync()
    {
        server = await GitHttpStandIn.StartAsync(repo.Temp.Path);
        server.RequireBasicAuth("x-access-token", Token);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(variable, null);
        await server.DisposeAsync();
        repo.Dispose();
    }

    [Fact]
    public async Task A_token_in_the_repo_url_works_is_never_written_to_the_cache_and_draws_a_warning()
    {
        var url = server.UrlOf("origin.git").Replace("http://", $"http://x-access-token:{Token}@", StringComparison.Ordinal);
        var cache = repo.Temp.Combine("cache");
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(url, cache) { TokenVariable = variable, AllowPlainHttp = true }))
        {
            var result = await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Cli);

            Assert.Equal(result.CommitId, repo.Git("rev-parse", "main").Trim());
            Assert.Equal(
                [$"the token in the repo URL was taken out of it and is kept in memory only; prefer {variable}, which stays out of shell history and process lists"],
                store.Warnings);
        }

        var written = Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains(Token, StringComparison.Ordinal));
        Assert.Empty(written);
    }

    [Fact]
    public async Task A_refused_token_is_reported_as_refused_after_one_try()
    {
        Environment.SetEnvironmentVariable(variable, "ghp_wrong");
        using var store = await GitStateStore.OpenAsync(
            new GitStateStoreOptions(server.UrlOf("origin.git"), repo.Temp.Combine("cache")) { TokenVariable = variable, AllowPlainHttp = true });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReadAsync());

        Assert.Contains($"refused the token in {variable}; check that it is valid and may read and push to this repo", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_wrong", e.ToString(), StringComparison.Ordinal);
        Assert.True(server.Requests <= 2, $"the token was offered {server.Requests} times");
    }

    [Fact]
    public async Task A_plain_http_remote_gets_no_token_unless_allowed()
    {
        Environment.SetEnvironmentVariable(variable, Token);
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(server.UrlOf("origin.git"), repo.Temp.Combine("cache")) { TokenVariable = variable });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReadAsync());

        Assert.Equal(
            $"fetching {server.UrlOf("origin.git")} failed: {server.UrlOf("origin.git")} is plain http://, so the token would travel unencrypted; "
            + "use https://, or allow it explicitly if the link is private (TEAMCLUSTERSYNC_GIT_ALLOW_HTTP=true)",
            e.Message);
        Assert.Equal(1, server.Requests); // the anonymous first try, challenged; the token never left
    }
}
