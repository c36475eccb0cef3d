namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>chat.postMessage / chat.update: where the message lives, so it can be updated later.</summary>
public sealed record PostMessageResponse : SlackResponse
{
    public string Channel { get; init; } = "";

    public string Ts { get; init; } = "";
}

/// <summary>chat.postEphemeral.</summary>
public sealed record PostEphemeralResponse : SlackResponse
{
    public string MessageTs { get; init; } = "";
}

/// <summary>conversations.open: the DM channel (<c>D...</c>).</summary>
public sealed record ConversationsOpenResponse : SlackResponse
{
    public SlackChannelRef Channel { get; init; } = new();
}

/// <summary>A channel as conversations.open names it.</summary>
public sealed record SlackChannelRef
{
    public string Id { get; init; } = "";
}
