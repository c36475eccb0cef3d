namespace TeamClusterSync.Slack.SocketMode;

/// <summary>Reconnect pacing and dedupe memory for <see cref="SocketModeClient"/>; tests shrink the delays.</summary>
public sealed record SocketModeOptions
{
    /// <summary>Wait before the first reconnect after a failure or drop; doubled per consecutive failure.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the reconnect wait.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

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
