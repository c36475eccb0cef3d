namespace TeamClusterSync.Slack.SocketMode;

/// <summary>Why Socket Mode gave up for good (Slack refused the app token), for the command to report and exit 1; null while it runs.</summary>
public sealed class SocketModeStatus
{
    public string? Refused { get; internal set; }
}
