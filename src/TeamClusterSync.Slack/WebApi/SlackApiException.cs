namespace TeamClusterSync.Slack.WebApi;

/// <summary>
/// A Web API call answered <c>ok:false</c>. <see cref="Error"/> is Slack's machine code (<c>channel_not_found</c>,
/// <c>users_not_found</c>, ...) so callers branch on it instead of parsing messages; the message also carries Slack's
/// own explanation (<c>response_metadata.messages</c>, which for <c>invalid_blocks</c> names the block and the limit),
/// so a logged failure says what to fix. Never carries a token.
/// </summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException(string method, string error, IReadOnlyList<string>? details = null)
        : base($"Slack method {method} failed: {error}" + (details is { Count: > 0 } ? $" ({string.Join("; ", details)})" : ""))
    {
        Method = method;
        Error = error;
        Details = details ?? [];
    }

    /// <summary>The Web API method that failed, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>.</summary>
    public string Error { get; }

    /// <summary>Slack's <c>response_metadata.messages</c>: what exactly was wrong; empty when Slack said no more.</summary>
    public IReadOnlyList<string> Details { get; }
}
