using System.Text.Json;

namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// Turns Slack's wire payloads (shared by Socket Mode envelopes and HTTP requests) into <see cref="SlackIncoming"/>.
/// Anything the bot has no use for yields nothing rather than an error: Slack sends more than we subscribe to.
/// </summary>
internal static class SlackPayloadParser
{
    /// <summary>An Events API body (<c>event_callback</c>).</summary>
    public static SlackIncoming? ParseEventCallback(JsonElement body) =>
        body.TryGetProperty("event", out var evt) ? (SlackIncoming?)ParseHomeOpened(evt) ?? ParseEvent(evt) : null;

    /// <summary>The event id Slack keeps across redeliveries of one event.</summary>
    public static string? EventId(JsonElement body) => Str(body, "event_id");

    /// <summary>The <c>trigger_id</c> Slack gives each interaction (one per button press), null when absent.</summary>
    public static string? TriggerId(JsonElement payload) => Str(payload, "trigger_id");

    /// <summary>
    /// Slash-command fields, as JSON (Socket Mode) or form fields (HTTP) turned into a string map.
    /// </summary>
    public static SlackSlashCommand? ParseSlashCommand(Func<string, string?> field) =>
        field("user_id") is { } user && field("command") is { } command
            ? new SlackSlashCommand(user, field("channel_id") ?? "", command, field("text") ?? "", field("response_url") ?? "")
            : null;

    /// <summary>An interactivity payload; only <c>block_actions</c> are used, one item per action.</summary>
    public static IReadOnlyList<SlackIncoming> ParseInteractive(JsonElement payload)
    {
        if (Str(payload, "type") != "block_actions" || !payload.TryGetProperty("actions", out var actions))
        {
            return [];
        }

        var user = payload.TryGetProperty("user", out var u) ? Str(u, "id") ?? "" : "";
        var container = payload.TryGetProperty("container", out var c) ? c : default;
        var channel = Str(container, "channel_id") ?? (payload.TryGetProperty("channel", out var ch) ? Str(ch, "id") : null) ?? "";
        var messageTs = Str(container, "message_ts") ?? "";
        var message = payload.TryGetProperty("message", out var m) ? m : default;
        return [.. actions.EnumerateArray().Select(a => new SlackBlockAction(
            user, channel, messageTs, Str(a, "action_id") ?? "", Str(a, "value") ?? ChosenValue(a) ?? "", Str(message, "text"),
            a.TryGetProperty("text", out var l) ? Str(l, "text") : null, Offered(message, messageTs, a)))];
    }

    /// <summary>The message is a bot's, the one the container names, and its blocks still show the pressed button.</summary>
    private static bool Offered(JsonElement message, string messageTs, JsonElement action) =>
        Str(message, "bot_id") is { Length: > 0 } && messageTs.Length > 0 && Str(message, "ts") == messageTs
            && message.TryGetProperty("blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array
            && blocks.EnumerateArray()
                .Where(b => Str(b, "type") == "actions" && b.TryGetProperty("elements", out var e) && e.ValueKind == JsonValueKind.Array)
                .SelectMany(b => b.GetProperty("elements").EnumerateArray())
                .Any(e => Str(e, "action_id") == Str(action, "action_id") && Str(e, "value") == Str(action, "value"));

    /// <summary>A menu (overflow) sends the chosen option instead of a value.</summary>
    private static string? ChosenValue(JsonElement action) =>
        action.TryGetProperty("selected_option", out var option) ? Str(option, "value") : null;

    /// <summary>Only the Home tab: the Messages tab opening needs nothing published.</summary>
    private static SlackHomeOpened? ParseHomeOpened(JsonElement evt) =>
        Str(evt, "type") == "app_home_opened" && Str(evt, "tab") == "home" && Str(evt, "user") is { Length: > 0 } user
            ? new SlackHomeOpened(user)
            : null;

    private static SlackMessage? ParseEvent(JsonElement evt)
    {
        var type = Str(evt, "type");
        if (type is not ("message" or "app_mention") || Str(evt, "subtype") is not null)
        {
            return null;
        }

        if (Str(evt, "user") is not { Length: > 0 } user || Str(evt, "channel") is not { Length: > 0 } channel)
        {
            return null;
        }

        return new SlackMessage(
            user,
            channel,
            Str(evt, "channel_type") ?? ChannelTypeOf(channel),
            Str(evt, "text") ?? "",
            Str(evt, "ts") ?? "",
            IsFromBot: Str(evt, "bot_id") is not null,
            IsMention: type == "app_mention",
            ThreadTs: Str(evt, "thread_ts"));
    }

    /// <summary>app_mention carries no channel_type; Slack's id prefixes tell the kind.</summary>
    private static string ChannelTypeOf(string channelId) => channelId[..1] switch
    {
        "D" => "im",
        "G" => "group",
        _ => "channel",
    };

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
