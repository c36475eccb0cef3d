using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Git.Tests;

/// <summary>
/// An https-style remote that asks for credentials, served over loopback HTTP: the token from the environment is
/// offered as GitHub expects it, and never shows up in what the store reports.
/// </summary>
public sealed class HttpsCredentialsTests : IAsyncLifetime
{
    private const string Token = "ghp_secretTOKENvalue1234567890";
    private readonly string variable = "TCS_TEST_GIT_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly TempDirectory temp = new("tcs-https");
    private readonly List<string?> authorizations = [];
    private WebApplication server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server = builder.Build();
        server.Map("/{**path}", (HttpContext context) =>
        {
            lock (authorizations)
            {
                authorizations.Add(context.Request.Headers.Authorization.FirstOrDefault());
            }

            // Like GitHub for a private repo: ask for credentials, then refuse these ones.
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"GitHub\"";
            context.Response.StatusCode = context.Request.Headers.Authorization.Count == 0 ? 401 : 403;
            return Task.CompletedTask;
        });
        await server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(variable, null);
        await server.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task The_token_is_offered_as_basic_auth_and_never_appears_in_the_error()
    {
        Environment.SetEnvironmentVariable(variable, Token);
        var remote = server.Urls.First() + "/org/config.git";

        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(remote, temp.Combine("cache")) { TokenVariable = variable, AllowPlainHttp = true });
        var e = await Assert.ThrowsAnyAsync<Exception>(() => store.ReadAsync());

        var offered = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token));
        lock (authorizations)
        {
            Assert.Contains(offered, authorizations);
        }

        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_error_names_the_variable_to_set()
    {
        var remote = server.Urls.First() + "/org/config.git";

        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(remote, temp.Combine("cache")) { TokenVariable = variable, AllowPlainHttp = true });
        var e = await Assert.ThrowsAnyAsync<Exception>(() => store.ReadAsync());

        Assert.Contains($"set {variable} to a token that may push", e.Message, StringComparison.Ordinal);
    }
}
