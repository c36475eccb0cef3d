using System.Text;
using TeamClusterSync.Git.Remotes;
using TeamClusterSync.Testing.Git;

namespace TeamClusterSync.Git.Tests.Remotes;

/// <summary>
/// Where the git token may go: only to the host of the repo URL, not to wherever that host redirects; and a token
/// written into a URL .NET cannot parse is taken out of it like any other, never printed nor written to the cache.
/// </summary>
public sealed class TokenScopeTests : IAsyncLifetime
{
    private const string Token = "ghp_s3cretSCOPEtoken0123456789";
    private readonly GitRepoFixture repo = new();
    private readonly string variable = "TCS_TEST_GIT_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly List<string> offered = [];
    private GitHttpStandIn origin = null!;
    private GitHttpStandIn elsewhere = null!;

    public async Task InitializeAsync()
    {
        origin = await GitHttpStandIn.StartAsync(repo.Temp.Path);
        elsewhere = await GitHttpStandIn.StartAsync(repo.Temp.Path);

        // The repo URL's host sends every request on to another host, which asks for credentials and notes what it gets.
        origin.Intercept = context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = elsewhere.BaseUrl + context.Request.Path + context.Request.QueryString;
            return Task.FromResult(true);
        };
        elsewhere.Intercept = context =>
        {
            lock (offered)
            {
                offered.Add(context.Request.Headers.Authorization.ToString());
            }

            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"elsewhere\"";
            return Task.FromResult(true);
        };
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(variable, null);
        await elsewhere.DisposeAsync();
        await origin.DisposeAsync();
        repo.Dispose();
    }

    [Fact]
    public async Task A_redirect_to_another_host_gets_no_token_and_the_error_says_why()
    {
        Environment.SetEnvironmentVariable(variable, Token);
        using var store = await GitStateStore.OpenAsync(
            new GitStateStoreOptions(origin.UrlOf("origin.git"), repo.Temp.Combine("cache")) { TokenVariable = variable, AllowPlainHttp = true });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => store.ReadAsync());

        lock (offered)
        {
            Assert.NotEmpty(offered); // the redirect was followed, and the other host asked
            Assert.All(offered, header => Assert.Equal("", header));
        }

        Assert.Equal(
            $"{origin.UrlOf("origin.git")} redirected to {new Uri(elsewhere.BaseUrl).Authority}, another host, which asks for credentials; "
            + "the token is only sent to the host of the repo URL, so point --repo at the new location",
            e.Message);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_library_path_refuses_credentials_for_another_host_too()
    {
        Environment.SetEnvironmentVariable(variable, Token);
        var options = new GitStateStoreOptions(origin.UrlOf("origin.git"), repo.Temp.Combine("cache")) { TokenVariable = variable, AllowPlainHttp = true };
        var location = RemoteLocation.Parse(options.Remote);

        Assert.True(location.SameHost(origin.UrlOf("origin.git") + "/info/refs?service=git-upload-pack"));
        Assert.False(location.SameHost(elsewhere.UrlOf("origin.git") + "/info/refs?service=git-upload-pack"));
        Assert.Equal(
            $"{origin.UrlOf("origin.git")} redirected to {elsewhere.UrlOf("origin.git")}, another host, which asks for credentials; "
            + "the token is only sent to the host of the repo URL, so point --repo at the new location",
            OriginRemote.RedirectRefused(location.Display, elsewhere.UrlOf("origin.git")));
    }

    [Theory]
    [InlineData("https://x-access-token:{0}@git.example.com:99999/org/config.git", "https://git.example.com:99999/org/config.git")]
    [InlineData("https://bot:{0}@git example.com/org/config.git", "https://git example.com/org/config.git")]
    public void A_url_dotnet_cannot_parse_loses_its_token_all_the_same(string template, string clean)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Token);
        Assert.False(Uri.TryCreate(url, UriKind.Absolute, out _));

        var location = RemoteLocation.Parse(url);

        Assert.Equal((clean, clean, clean, Token), (location.FetchUrl, location.PushUrl, location.Display, location.UrlToken));
        Assert.Equal(clean, RemoteLocation.Redact(url));
    }

    [Fact]
    public async Task A_store_on_such_a_url_prints_and_writes_no_token()
    {
        var url = $"http://x-access-token:{Token}@127.0.0.1:99999/origin.git";
        var cache = repo.Temp.Combine("cache-bad-url");

        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(url, cache) { TokenVariable = variable, AllowPlainHttp = true });
            await store.ReadAsync();
        });

        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
        var written = Directory.Exists(cache)
            ? Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f, Encoding.UTF8).Contains(Token, StringComparison.Ordinal))
            : [];
        Assert.Empty(written);
    }
}
