using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Testing.GitHub;

/// <summary>
/// A loopback GitHub REST API for the calls team sync makes: team members by org and slug, paginated with
/// <c>Link</c> headers as GitHub does, 404 for unknown teams, and injectable failures.
/// </summary>
public sealed class GitHubStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> teams = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Path, string? Authorization)> requests = new();
    private int failures;

    private GitHubStandIn(WebApplication app) => this.app = app;

    public Uri BaseUrl => new(app.Urls.First().TrimEnd('/') + "/");

    /// <summary>Every request: path with query, and the Authorization header sent.</summary>
    public IReadOnlyList<(string Path, string? Authorization)> Requests => [.. requests];

    public int PageSize { get; set; } = 100;

    public static async Task<GitHubStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new GitHubStandIn(app);
        app.MapGet("/orgs/{org}/teams/{slug}/members", (HttpContext context, string org, string slug) => standIn.Members(context, org, slug));
        await app.StartAsync();
        return standIn;
    }

    public void SetTeam(string org, string slug, params string[] logins) => teams[$"{org}/{slug}"] = logins;

    /// <summary>The next <paramref name="count"/> requests answer 500, as GitHub does on a bad day.</summary>
    public void FailNext(int count = 1) => Interlocked.Exchange(ref failures, count);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private IResult Members(HttpContext context, string org, string slug)
    {
        requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault()));
        if (Interlocked.Decrement(ref failures) >= 0)
        {
            return Results.Json(new JsonObject { ["message"] = "Server Error" }, statusCode: 500);
        }

        if (!teams.TryGetValue($"{org}/{slug}", out var logins))
        {
            return Results.Json(new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" }, statusCode: 404);
        }

        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) ? p : 1;
        var size = Math.Min(PageSize, int.TryParse(context.Request.Query["per_page"], CultureInfo.InvariantCulture, out var s) ? s : 30);
        if ((page * size) < logins.Count)
        {
            var next = $"{BaseUrl}orgs/{org}/teams/{slug}/members?role=all&per_page={size}&page={page + 1}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        var users = logins.Skip((page - 1) * size).Take(size).Select((login, i) => (JsonNode)new JsonObject
        {
            ["login"] = login,
            ["id"] = 1000 + ((page - 1) * size) + i,
            ["node_id"] = "MDQ6VXNlcj" + i,
            ["type"] = "User",
            ["site_admin"] = false,
            ["url"] = $"{BaseUrl}users/{login}",
            ["html_url"] = $"https://github.com/{login}",
        });
        return Results.Json(new JsonArray([.. users]));
    }
}
