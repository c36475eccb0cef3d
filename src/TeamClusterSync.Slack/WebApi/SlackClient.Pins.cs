using System.Text.Json.Nodes;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>conversations.list, every page: the public channels' ids by name (pins.* want an id, not <c>#name</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListChannelsAsync(CancellationToken cancellationToken = default)
    {
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await CallAsync<ChannelsListResponse>("conversations.list", new ChannelsListRequest(cursor, 1000, true), cancellationToken);
            foreach (var channel in page.Channels)
            {
                channels[channel.Name] = channel.Id;
            }

            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
        return channels;
    }

    /// <summary>pins.list: the messages pinned in a channel (by id).</summary>
    public async Task<IReadOnlyList<PinnedMessage>> ListPinsAsync(string channelId, CancellationToken cancellationToken = default) =>
        [.. (await CallAsync<PinsListResponse>("pins.list", new ChannelRequest(channelId), cancellationToken)).Items
            .Where(i => i.Type == "message" && i.Message is not null).Select(i => i.Message!)];

    /// <summary>pins.add.</summary>
    public Task PinAsync(string channelId, string ts, CancellationToken cancellationToken = default) =>
        CallAsync<SlackResponse>("pins.add", new PinRequest(channelId, ts), cancellationToken);

    /// <summary>chat.delete: removes one of the bot's own messages.</summary>
    public Task DeleteMessageAsync(string channelId, string ts, CancellationToken cancellationToken = default) =>
        CallAsync<SlackResponse>("chat.delete", new DeleteMessageRequest(channelId, ts), cancellationToken);
}

/// <summary>A pinned message as pins.list gives it; <see cref="Blocks"/> tell the bot's status messages apart.</summary>
public sealed record PinnedMessage
{
    public string Ts { get; init; } = "";

    public string? BotId { get; init; }

    public JsonArray? Blocks { get; init; }
}
