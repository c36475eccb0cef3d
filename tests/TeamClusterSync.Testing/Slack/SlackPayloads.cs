using System.Text.Json.Nodes;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// Slack's inbound payload shapes, shared by the Socket Mode stand-in and the signed HTTP sender so both
/// transports carry byte-for-byte the same content.
/// </summary>
public static class SlackPayloads
{
    private static int events;
    private static long timestamps = 1_700_000_000_000_100;

    /// <summary>A fresh event id (<c>Ev...</c>), unique in the process.</summary>
    public static string NewEventId() => $"Ev{Interlocked.Increment(ref events):D8}";

    /// <summary>A fresh message ts like Slack's (<c>1700000000.000101</c>).</summary>
    public static string NewTs()
    {
        var n = Interlocked.Increment(ref timestamps);
        return $"{n / 1_000_000}.{n % 1_000_000:D6}";
    }

    /// <summary>A fresh trigger id, shaped as Slack's (<c>13345224609.738474920.8088930838d88f008e0</c>): one per invocation.</summary>
    public static string NewTriggerId() => $"{NewTs().Replace(".", "", StringComparison.Ordinal)}.738474920.{Guid.NewGuid():N}";

    /// <summary>A <c>message</c> event (DM when <paramref name="channelType"/> is <c>im</c>).</summary>
    public static JsonObject MessageEvent(string userId, string channelId, string text, string channelType = "im", string? botId = null, string? subtype = null)
    {
        var evt = new JsonObject
        {
            ["type"] = "message",
            ["user"] = userId,
            ["text"] = text,
            ["ts"] = NewTs(),
            ["channel"] = channelId,
            ["channel_type"] = channelType,
        };
        if (botId is not null)
        {
            evt["bot_id"] = botId;
        }

        if (subtype is not null)
        {
            evt["subtype"] = subtype;
        }

        return evt;
    }

    /// <summary>An <c>app_mention</c> event; <paramref name="text"/> should contain <c>&lt;@UBOT&gt;</c>.</summary>
    public static JsonObject MentionEvent(string userId, string channelId, string text)
    {
        var ts = NewTs();
        return new JsonObject
        {
            ["type"] = "app_mention",
            ["user"] = userId,
            ["text"] = text,
            ["ts"] = ts,
            ["channel"] = channelId,
            ["event_ts"] = ts,
        };
    }

    /// <summary>The Events API body around an event.</summary>
    public static JsonObject EventCallback(JsonObject evt, string? eventId = null) => new()
    {
        ["token"] = "verification-token-unused",
        ["team_id"] = "T0STANDIN",
        ["api_app_id"] = "A0STANDIN",
        ["event"] = evt,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? NewEventId(),
        ["event_time"] = 1_700_000_000,
    };

    /// <summary>Slash-command fields (form fields over HTTP, a JSON object over Socket Mode).</summary>
    public static Dictionary<string, string> SlashCommand(string userId, string channelId, string text, string command = "/teamcluster") => new()
    {
        ["team_id"] = "T0STANDIN",
        ["channel_id"] = channelId,
        ["user_id"] = userId,
        ["user_name"] = userId.ToLowerInvariant(),
        ["command"] = command,
        ["text"] = text,
        ["response_url"] = $"https://hooks.slack.invalid/commands/{Guid.NewGuid():N}",
        ["trigger_id"] = NewTriggerId(),
    };

    /// <summary>A <c>block_actions</c> payload for one button press.</summary>
    public static JsonObject BlockActions(string userId, string channelId, string messageTs, string actionId, string value) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant() },
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channelId },
        ["channel"] = new JsonObject { ["id"] = channelId },
        ["response_url"] = $"https://hooks.slack.invalid/actions/{Guid.NewGuid():N}",
        ["trigger_id"] = NewTriggerId(),
        ["actions"] = ButtonPressed(actionId, "standin-block", value),
    };

    /// <summary>An <c>app_home_opened</c> event for the Home tab.</summary>
    public static JsonObject HomeOpenedEvent(string userId, string dmChannelId) => new()
    {
        ["type"] = "app_home_opened",
        ["user"] = userId,
        ["channel"] = dmChannelId,
        ["tab"] = "home",
        ["event_ts"] = NewTs(),
    };

    /// <summary>A <c>block_actions</c> payload for a button on the Home tab (container type <c>view</c>).</summary>
    public static JsonObject HomeBlockActions(string userId, string actionId, string value) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant() },
        ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V" + userId },
        ["view"] = new JsonObject { ["id"] = "V" + userId, ["type"] = "home" },
        ["trigger_id"] = NewTriggerId(),
        ["actions"] = ButtonPressed(actionId, "standin-home-block", value),
    };

    private static JsonArray ButtonPressed(string actionId, string blockId, string value) => new(new JsonObject
    {
        ["type"] = "button",
        ["action_id"] = actionId,
        ["block_id"] = blockId,
        ["value"] = value,
        ["action_ts"] = NewTs(),
    });
}
