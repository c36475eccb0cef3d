using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Testing.GitHub;

/// <summary>
/// A loopback GitHub REST API for the calls team sync makes, answering as GitHub does: team members by org and slug,
/// paginated with <c>Link</c> headers, a weak <c>ETag</c> per page and <c>304 Not Modified</c> on a matching
/// <c>If-None-Match</c> (free: it does not lower the budget), <c>x-ratelimit-*</c> headers on every answer, 403 with
/// remaining 0 once the budget is spent, 404 for unknown teams, and injectable 500s and secondary limits (403 +
/// <c>Retry-After</c>). Counts every request and its status.
/// </summary>
public sealed class GitHubStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> teams = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<GitHubRequest> requests = new();
    private int failures;
    private int secondaryLimits;
    private int remaining;

    private GitHubStandIn(WebApplication app)
    {
        this.app = app;
        remaining = Budget;
    }

    public Uri BaseUrl => new(app.Urls.First().TrimEnd('/') + "/");

    /// <summary>Every request: path with query, the Authorization and If-None-Match headers sent, and the status answered.</summary>
    public IReadOnlyList<GitHubRequest> Requests => [.. requests];

    public int PageSize { get; set; } = 100;

    /// <summary>The hourly budget (<c>x-ratelimit-limit</c>).</summary>
    public int Budget { get; private set; } = 5000;

    /// <summary>What is left of the budget (<c>x-ratelimit-remaining</c>).</summary>
    public int Remaining => Volatile.Read(ref remaining);

    /// <summary>When the budget refills (<c>x-ratelimit-reset</c>); fixed so tests can name it.</summary>
    public DateTimeOffset Reset { get; set; } = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

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

    /// <summary>The next <paramref name="count"/> requests hit a secondary limit: 403 with <c>Retry-After: 60</c>.</summary>
    public void SecondaryLimitNext(int count = 1) => Interlocked.Exchange(ref secondaryLimits, count);

    /// <summary>Sets the budget and what is left of it.</summary>
    public void SetBudget(int budget, int left)
    {
        Budget = budget;
        Volatile.Write(ref remaining, left);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private IResult Members(HttpContext context, string org, string slug)
    {
        var (status, result) = Answer(context, org, slug);
        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = Budget.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = Math.Max(0, Remaining).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        requests.Enqueue(new GitHubRequest(
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.Headers.IfNoneMatch.FirstOrDefault(),
            status));
        return result;
    }

    private (int Status, IResult Result) Answer(HttpContext context, string org, string slug)
    {
        if (Interlocked.Decrement(ref failures) >= 0)
        {
            return (500, Results.Json(new JsonObject { ["message"] = "Server Error" }, statusCode: 500));
        }

        if (Interlocked.Decrement(ref secondaryLimits) >= 0)
        {
            context.Response.Headers.RetryAfter = "60";
            return (403, Error("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", 403));
        }

        if (Remaining <= 0)
        {
            return (403, Error("API rate limit exceeded for user ID 1.", 403));
        }

        if (!teams.TryGetValue($"{org}/{slug}", out var logins))
        {
            Interlocked.Decrement(ref remaining);
            return (404, Error("Not Found", 404));
        }

        return Page(context, org, slug, logins);
    }

    private (int Status, IResult Result) Page(HttpContext context, string org, string slug, IReadOnlyList<string> logins)
    {
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var p) ? p : 1;
        var size = Math.Min(PageSize, int.TryParse(context.Request.Query["per_page"], CultureInfo.InvariantCulture, out var s) ? s : 30);
        var onPage = logins.Skip((page - 1) * size).Take(size).ToList();
        var hasNext = (page * size) < logins.Count;
        if (hasNext)
        {
            var next = $"{BaseUrl}orgs/{org}/teams/{slug}/members?role=all&per_page={size}&page={page + 1}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        var etag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', onPage) + hasNext)))[..32]}\"";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.FirstOrDefault() == etag)
        {
            return (304, Results.StatusCode(304));
        }

        Interlocked.Decrement(ref remaining);
        var users = onPage.Select((login, i) => (JsonNode)new JsonObject
        {
            ["login"] = login,
            ["id"] = 1000 + ((page - 1) * size) + i,
            ["node_id"] = "MDQ6VXNlcj" + i,
            ["type"] = "User",
            ["site_admin"] = false,
            ["url"] = $"{BaseUrl}users/{login}",
            ["html_url"] = $"https://github.com/{login}",
        });
        return (200, Results.Json(new JsonArray([.. users])));
    }

    private static IResult Error(string message, int status) =>
        Results.Json(new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" }, statusCode: status);
}

/// <summary>One request the stand-in answered.</summary>
public sealed record GitHubRequest(string Path, string? Authorization, string? IfNoneMatch, int Status);
