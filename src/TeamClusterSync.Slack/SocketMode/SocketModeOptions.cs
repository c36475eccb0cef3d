namespace TeamClusterSync.Slack.SocketMode;

/// <summary>Reconnect pacing, liveness checks and dedupe memory for <see cref="SocketModeClient"/>; tests shrink the delays.</summary>
public sealed record SocketModeOptions
{
    /// <summary>Wait before the first reconnect after a failure or drop; doubled per consecutive failure.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the reconnect wait.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A socket up this long counts as healthy: after it ends, the next connect goes at once.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one apps.connections.open, or one WebSocket handshake, may take before it is tried again.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the client pings Slack (Slack's SDKs: 5-10 s).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a ping may go unanswered before the socket counts as dead and is replaced. With the ping interval, a
    /// silent socket is found within 25 s (Slack's SDKs: 20-30 s).
    /// </summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many recent event/envelope ids are remembered to drop redeliveries.</summary>
    public int DedupeCapacity { get; init; } = 1000;

    /// <summary>Where handled ids are kept so a redelivery after a restart is dropped; null keeps them in memory only.</summary>
    public string? HandledEventsFile { get; init; }

    /// <summary>Where acknowledged but unfinished items are journaled (see <see cref="Incoming.EventJournal"/>); null: not at all.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>
    /// Text Slack shows the user (ephemeral) when a slash command is acknowledged; null acknowledges silently.
    /// </summary>
    public string? SlashCommandAckText { get; init; } = "Working on it…";
}
