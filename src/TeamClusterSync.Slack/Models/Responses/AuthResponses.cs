namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>auth.test: who the bot token belongs to; the bot needs its own user id to spot its mentions.</summary>
public sealed record AuthTestResponse : SlackResponse
{
    public string Url { get; init; } = "";

    public string Team { get; init; } = "";

    public string User { get; init; } = "";

    public string TeamId { get; init; } = "";

    public string UserId { get; init; } = "";

    public string? BotId { get; init; }
}

/// <summary>apps.connections.open: a single-use WebSocket URL for Socket Mode.</summary>
public sealed record ConnectionsOpenResponse : SlackResponse
{
    public string Url { get; init; } = "";
}
