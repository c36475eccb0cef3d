namespace TeamClusterSync.Slack.SocketMode;

/// <summary>How Socket Mode is doing, for the host's health checks and its exit.</summary>
public sealed class SocketModeStatus
{
    private volatile string? problem = "Socket Mode has not connected yet";

    /// <summary>Why Socket Mode gave up for good (a refused app token, Socket Mode turned off), for the command to report and exit 1; null while it runs.</summary>
    public string? Refused { get; internal set; }

    /// <summary>Why no socket is up right now (one sentence, for <c>/readyz</c>); null while Slack can reach the bot.</summary>
    public string? Problem
    {
        get => problem;
        internal set => problem = value;
    }
}
