namespace TeamClusterSync.Slack.WebApi;

/// <summary>
/// A Web API call answered <c>ok:false</c>. <see cref="Error"/> is Slack's machine code (<c>channel_not_found</c>,
/// <c>users_not_found</c>, ...) so callers branch on it instead of parsing messages. Never carries a token.
/// </summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException(string method, string error)
        : base($"Slack method {method} failed: {error}")
    {
        Method = method;
        Error = error;
    }

    /// <summary>The Web API method that failed, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>.</summary>
    public string Error { get; }
}
