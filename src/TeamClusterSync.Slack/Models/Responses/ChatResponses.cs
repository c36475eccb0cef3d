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

/// <summary>conversations.list: one page of channels.</summary>
public sealed record ChannelsListResponse : SlackResponse
{
    public IReadOnlyList<SlackChannel> Channels { get; init; } = [];
}

/// <summary>A channel as conversations.list names it.</summary>
public sealed record SlackChannel
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";
}

/// <summary>pins.list: what is pinned in a channel.</summary>
public sealed record PinsListResponse : SlackResponse
{
    public IReadOnlyList<PinnedItem> Items { get; init; } = [];
}

/// <summary>One pinned item; only messages are of use.</summary>
public sealed record PinnedItem
{
    public string Type { get; init; } = "";

    public WebApi.PinnedMessage? Message { get; init; }
}
