using System.Collections.Concurrent;
using System.Net;
using Octokit;
using Octokit.Internal;
using TeamClusterSync.App.Ports;
using TeamClusterSync.GitHub.Caching;
using TeamClusterSync.GitHub.Http;

namespace TeamClusterSync.GitHub;

/// <summary>
/// GitHub team membership, the source of truth for who is on a team, read politely: every page is asked with the
/// ETag it had last time, so an unchanged team costs 304s, which GitHub does not count against the rate limit; a few
/// teams at a time; and reading stops before the budget runs out or when GitHub asks to wait, leaving the rest
/// <see cref="TeamRead.NotRead"/>. Octokit 14 has no by-slug members call, so this asks
/// <c>GET /orgs/{org}/teams/{slug}/members?role=all</c> directly, following the <c>Link</c> pagination.
/// </summary>
public sealed class GitHubTeams : ITeamMembershipSource
{
    private readonly IConnection connection;
    private readonly ConditionalHttpClient http;
    private readonly TeamPageCache cache;
    private readonly GitHubTeamsOptions options;

    private GitHubTeams(IConnection connection, ConditionalHttpClient http, TeamPageCache cache, GitHubTeamsOptions options)
    {
        this.connection = connection;
        this.http = http;
        this.cache = cache;
        this.options = options;
    }

    /// <summary>A reader for github.com, or for the API at <paramref name="baseAddress"/> (GitHub Enterprise, a stand-in).</summary>
    public static GitHubTeams Create(string token, Uri? baseAddress = null, GitHubTeamsOptions? options = null)
    {
        options ??= new GitHubTeamsOptions();
        var apiBase = baseAddress ?? GitHubClient.GitHubApiUrl;
        var http = new ConditionalHttpClient(new HttpClientAdapter(HttpMessageHandlerFactory.CreateDefault));
        var connection = new Connection(
            new ProductHeaderValue("teamclustersync"), apiBase, new InMemoryCredentialStore(new Credentials(token)), http, new SimpleJsonSerializer());
        connection.SetRequestTimeout(options.RequestTimeout);
        return new GitHubTeams(connection, http, TeamPageCache.For(options.CacheDirectory, apiBase), options);
    }

    public async Task<IReadOnlyDictionary<string, TeamRead>> ReadTeamsAsync(string org, IReadOnlyList<string> slugs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(slugs);
        var run = new Run(new RateBudget(options.Reserve, options.Clock));
        var results = new ConcurrentDictionary<string, TeamRead>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            slugs.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
            async (slug, token) => results[slug] = await ReadTeamAsync(run, org, slug, token));
        return results;
    }

    /// <summary>One team: every page conditional on its cached ETag; a 304 page gives its cached logins.</summary>
    private async Task<TeamRead> ReadTeamAsync(Run run, string org, string slug, CancellationToken ct)
    {
        var cached = cache.Read(org, slug);
        var pages = new List<CachedPage>();
        string? url = $"orgs/{Uri.EscapeDataString(org)}/teams/{Uri.EscapeDataString(slug)}/members?role=all&per_page=100";
        while (url is not null)
        {
            if (run.Stopped() is { } stopped)
            {
                return stopped;
            }

            var known = cached.ElementAtOrDefault(pages.Count) is { } page && page.Url == url ? page : null;
            var (response, failure) = await GetAsync(run, url, known?.Etag, ct);
            if (failure is not null)
            {
                return failure;
            }

            var fresh = response!.HttpResponse.StatusCode != HttpStatusCode.NotModified;
            if (!fresh && known is null)
            {
                // A 304 to a request that sent no ETag says nothing about the members: never read it as an empty page.
                return new TeamRead.Failed(304, "GitHub answered 304 Not Modified to a request without an ETag");
            }

            pages.Add(fresh ? new CachedPage(url, response.HttpResponse.ApiInfo?.Etag ?? "", [.. (response.Body ?? []).Select(u => u.Login)]) : known!);
            url = fresh
                ? response.HttpResponse.ApiInfo?.Links.TryGetValue("next", out var next) == true ? next.ToString() : null
                : cached.ElementAtOrDefault(pages.Count)?.Url;
        }

        var unchanged = pages.SequenceEqual(cached);
        if (!unchanged)
        {
            cache.Write(org, slug, pages);
        }

        return new TeamRead.Found(pages.SelectMany(p => p.Logins).ToHashSet(StringComparer.OrdinalIgnoreCase), unchanged);
    }

    /// <summary>One request; a failure comes back as the team's outcome, and a rate limit or an unreachable GitHub stops the run.</summary>
    private async Task<(IApiResponse<List<User>>? Response, TeamRead? Failure)> GetAsync(Run run, string url, string? etag, CancellationToken ct)
    {
        http.IfNoneMatch.Value = etag;
        try
        {
            var response = await connection.Get<List<User>>(new Uri(url, UriKind.RelativeOrAbsolute), null, null, ct);
            run.Budget.Observe(response.HttpResponse.Headers);
            return (response, null);
        }
        catch (NotFoundException)
        {
            return (null, new TeamRead.NotFound());
        }
        catch (ApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests
            && e.HttpResponse is { } refused && run.Budget.ObserveRefusal(refused.Headers, e is SecondaryRateLimitExceededException))
        {
            return (null, run.Stopped());
        }
        catch (ApiException e)
        {
            return (null, new TeamRead.Failed((int)e.StatusCode, e.Message));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return (null, run.Unreachable($"GitHub could not be reached: {(e is TaskCanceledException ? "no answer in time" : e.Message)}"));
        }
        finally
        {
            http.IfNoneMatch.Value = null;
        }
    }

    /// <summary>What one <see cref="ReadTeamsAsync"/> call shares between its teams: the budget, and whether GitHub was reachable.</summary>
    private sealed class Run(RateBudget budget)
    {
        private volatile string? unreachable;

        public RateBudget Budget => budget;

        /// <summary>Why no more requests go out in this run, as the outcome for the team that would have asked; null to go on.</summary>
        public TeamRead? Stopped() =>
            unreachable is { } detail ? new TeamRead.Failed(null, detail)
            : budget.Blocked() is { } blocked ? new TeamRead.NotRead(blocked.ResumeAt, blocked.Reason)
            : null;

        public TeamRead.Failed Unreachable(string detail)
        {
            unreachable ??= detail;
            return new TeamRead.Failed(null, unreachable);
        }
    }
}
