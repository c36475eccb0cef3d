namespace TeamClusterSync.Slack.WebApi;

/// <summary>
/// Settings of the Web API client: retries and, for an org-wide app, its workspace. Defaults suit production; tests
/// shrink the delays so a retried call costs milliseconds. 429 answers always wait the server's <c>Retry-After</c>, as
/// sent (Slack's rate-limit contract: a retry sooner is refused again and counts against the app).
/// </summary>
public sealed record SlackClientOptions
{
    /// <summary>
    /// The workspace (<c>T...</c>) an org-wide app on Enterprise Grid acts in: sent as <c>team_id</c> to the methods that
    /// take it (users.list, conversations.list, usergroups.*), which an org token must name. Null: not sent.
    /// </summary>
    public string? TeamId { get; init; }

    /// <summary>How many times a rate-limited, 5xx or network-failed call is retried before giving up.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff delay for 5xx and network errors; doubled on every attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
}
