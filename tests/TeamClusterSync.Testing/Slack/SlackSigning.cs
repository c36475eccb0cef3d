using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// Plays Slack in HTTP mode: posts events, slash commands and button presses to a bot's endpoints, signed as Slack
/// signs them (an implementation independent of the bot's verifier, so the two check each other).
/// </summary>
public sealed class SlackHttpSender(HttpClient http, Uri botBaseUrl, string signingSecret)
{
    /// <summary><c>v0=</c> + lowercase hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
    public static string Sign(string secret, long timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    /// <summary>The clock the signatures use; tests move it to forge old requests.</summary>
    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    public Task<HttpResponseMessage> PostEventAsync(JsonObject body, int? retryNum = null) =>
        SendAsync("slack/events", body.ToJsonString(), "application/json", retryNum: retryNum);

    public Task<HttpResponseMessage> PostSlashCommandAsync(IReadOnlyDictionary<string, string> fields) =>
        SendAsync("slack/commands", Form(fields), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostInteractiveAsync(JsonObject payload) =>
        SendAsync("slack/interactive", Form(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded");

    /// <summary>
    /// Posts a raw body. <paramref name="signature"/> overrides the computed one ("" sends none);
    /// <paramref name="timestamp"/> overrides the current time.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string path, string body, string contentType, long? timestamp = null, string? signature = null, int? retryNum = null)
    {
        var ts = timestamp ?? Now().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(botBaseUrl, path))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        var sig = signature ?? Sign(signingSecret, ts, body);
        if (sig.Length > 0)
        {
            request.Headers.Add("X-Slack-Signature", sig);
        }

        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await http.SendAsync(request);
    }

    /// <summary>Form-encodes fields as Slack sends slash commands and interactivity (<c>payload=</c>).</summary>
    public static string Form(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
}
