namespace TeamClusterSync.Slack.WebApi;

/// <summary>
/// Retry settings for the Web API client. Defaults suit production; tests shrink the delays so a retried call
/// costs milliseconds. 429 answers always wait the server's <c>Retry-After</c>, capped by <see cref="MaxRetryAfter"/>.
/// </summary>
public sealed record SlackClientOptions
{
    /// <summary>How many times a rate-limited, 5xx or network-failed call is retried before giving up.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff delay for 5xx and network errors; doubled on every attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on a single <c>Retry-After</c> wait, so a hostile header cannot park the bot.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);
}
