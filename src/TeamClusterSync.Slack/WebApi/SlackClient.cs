using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

/// <summary>
/// The Slack Web API, typed per method over one generic call path. Holds the bot token (and optionally the
/// app-level token for Socket Mode); neither is ever written to a message, log line or <see cref="object.ToString"/>.
/// </summary>
public sealed partial class SlackClient
{
    /// <summary>Methods that refuse JSON bodies and must be sent form-encoded.</summary>
    private static readonly HashSet<string> FormMethods =
    [
        "users.info", "users.lookupByEmail", "users.list", "usergroups.list", "usergroups.users.list",
        "files.getUploadURLExternal", "apps.connections.open", "conversations.list", "pins.list", "pins.add",
    ];

    /// <summary>Methods that take <c>team_id</c>, required of an org-wide token (Slack's method reference: "required if org token is used").</summary>
    private static readonly HashSet<string> TeamMethods =
    [
        "users.list", "conversations.list", "usergroups.list", "usergroups.create", "usergroups.update", "usergroups.users.list",
        "usergroups.users.update", "usergroups.enable", "usergroups.disable",
    ];

    private readonly Uri baseUri;
    private readonly string? teamId;
    private readonly HttpClient http;
    private readonly string botToken;
    private readonly string? appToken;
    private readonly ResiliencePipeline<SlackHttpResult> pipeline;

    /// <param name="baseUri">The API root, e.g. <c>https://slack.com/api/</c>; a trailing slash is added if missing.</param>
    /// <param name="http">Caller-owned; lives as long as the client.</param>
    /// <param name="botToken">The <c>xoxb-</c> token for every method except apps.connections.open.</param>
    /// <param name="appToken">The <c>xapp-</c> token, needed only for Socket Mode.</param>
    public SlackClient(Uri baseUri, HttpClient http, string botToken, string? appToken = null, SlackClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentException.ThrowIfNullOrEmpty(botToken);
        this.baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        this.http = http;
        this.botToken = botToken;
        this.appToken = appToken;
        pipeline = SlackRetry.Create(options ?? new SlackClientOptions());
        teamId = options?.TeamId;
    }

    /// <summary>Slack's public API unless <c>SLACK_API_URL</c> points elsewhere (a stand-in or a proxy).</summary>
    public static Uri DefaultBaseUri =>
        Environment.GetEnvironmentVariable("SLACK_API_URL") is { Length: > 0 } url ? new Uri(url) : new Uri("https://slack.com/api/");

    /// <summary>A client on <see cref="DefaultBaseUri"/>.</summary>
    public static SlackClient Create(HttpClient http, string botToken, string? appToken = null, SlackClientOptions? options = null) =>
        new(DefaultBaseUri, http, botToken, appToken, options);

    /// <summary>What the bot calls itself to Slack (<c>teamclustersync/1.2.3</c>), as Slack asks of every client.</summary>
    public static string UserAgent { get; } = "teamclustersync/" + Version();

    /// <summary>The API root in use, for diagnostics.</summary>
    public Uri BaseUri => this.baseUri;

    internal Task<TResponse> CallAsync<TResponse>(string method, object request, CancellationToken cancellationToken)
        where TResponse : SlackResponse =>
        CallAsync<TResponse>(method, request, this.botToken, cancellationToken);

    internal async Task<TResponse> CallAsync<TResponse>(string method, object request, string token, CancellationToken cancellationToken)
        where TResponse : SlackResponse
    {
        var result = await pipeline.ExecuteAsync(
            async ct => await SendOnceAsync(method, request, token, ct),
            cancellationToken);

        if (result.Status is not System.Net.HttpStatusCode.OK)
        {
            throw Failed(method, $"http_{(int)result.Status}");
        }

        var response = Parse<TResponse>(method, result.Body);
        return response.Ok ? response : throw Failed(method, response.Error ?? "unknown_error", response.ResponseMetadata?.Messages);
    }

    /// <summary>Slack's JSON answer; anything else (a proxy's HTML page, a captive portal) is <c>invalid_response</c>, never a JsonException.</summary>
    private static TResponse Parse<TResponse>(string method, string body)
        where TResponse : SlackResponse
    {
        try
        {
            return JsonSerializer.Deserialize<TResponse>(body, SlackJson.Options) ?? throw Failed(method, "invalid_response");
        }
        catch (JsonException)
        {
            throw Failed(method, "invalid_response");
        }
    }

    private async Task<SlackHttpResult> SendOnceAsync(string method, object request, string token, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(this.baseUri, method))
        {
            Content = Body(method, request),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        TeamClusterSyncMetrics.SlackCalls.Add(1, TeamClusterSyncMetrics.Tag("method", method));
        using var response = await this.http.SendAsync(message, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            TeamClusterSyncMetrics.SlackRateLimited.Add(1, TeamClusterSyncMetrics.Tag("method", method));
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        return new SlackHttpResult(response.StatusCode, RetryAfterOf(response), body);
    }

    /// <summary>The request form-encoded or as JSON, as <paramref name="method"/> takes it, with the workspace where it takes one.</summary>
    private HttpContent Body(string method, object request)
    {
        var team = teamId is not null && TeamMethods.Contains(method) ? teamId : null;
        if (FormMethods.Contains(method))
        {
            var fields = SlackJson.ToFormFields(request);
            return new FormUrlEncodedContent(team is null ? fields : fields.Append(new("team_id", team)));
        }

        var json = JsonSerializer.SerializeToNode(request, request.GetType(), SlackJson.Options)!.AsObject();
        if (team is not null)
        {
            json["team_id"] = team;
        }

        return new StringContent(json.ToJsonString(SlackJson.Options), Encoding.UTF8, "application/json");
    }

    private static SlackApiException Failed(string method, string error, IReadOnlyList<string>? details = null)
    {
        TeamClusterSyncMetrics.SlackErrors.Add(1, TeamClusterSyncMetrics.Tag("method", method), TeamClusterSyncMetrics.Tag("error", error));
        return new SlackApiException(method, error, details);
    }

    /// <summary>The assembly's version without its build metadata (<c>1.2.3</c>, not <c>1.2.3+abc123</c>).</summary>
    private static string Version() =>
        (typeof(SlackClient).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    private string AppToken => this.appToken ?? throw new InvalidOperationException("Socket Mode needs the app-level token (SLACK_APP_TOKEN).");
}
