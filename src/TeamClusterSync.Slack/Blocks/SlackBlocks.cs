using System.Text.Json.Nodes;

namespace TeamClusterSync.Slack.Blocks;

/// <summary>
/// The few Block Kit pieces the bot posts (a text section and a row of buttons), built as JSON nodes so the
/// request records stay free of Block Kit's large type tree.
/// </summary>
public static class SlackBlocks
{
    /// <summary>A message layout from blocks.</summary>
    public static JsonArray Of(params JsonObject[] blocks) => [.. blocks];

    /// <summary>A section of mrkdwn text.</summary>
    public static JsonObject Section(string markdown) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = markdown },
    };

    /// <summary>A bold one-line title.</summary>
    public static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
    };

    /// <summary>A thin line between groups of blocks.</summary>
    public static JsonObject Divider() => new() { ["type"] = "divider" };

    /// <summary>A row of buttons; a press arrives as <see cref="Incoming.SlackBlockAction"/> with the button's action id and value.</summary>
    public static JsonObject Actions(string blockId, params SlackButton[] buttons) => new()
    {
        ["type"] = "actions",
        ["block_id"] = blockId,
        ["elements"] = new JsonArray([.. buttons.Select(ToElement)]),
    };

    /// <summary>One button on its own, e.g. as a section's accessory.</summary>
    public static JsonObject Button(SlackButton button) => ToElement(button);

    /// <summary>A menu of 2 to 5 choices (Slack's limits); a choice arrives as a block action whose value is the choice's.</summary>
    public static JsonObject Overflow(string actionId, IReadOnlyList<(string Text, string Value)> options) => new()
    {
        ["type"] = "overflow",
        ["action_id"] = actionId,
        ["options"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject
        {
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = o.Text },
            ["value"] = o.Value,
        })]),
    };

    private static JsonObject ToElement(SlackButton button)
    {
        var element = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = button.ActionId,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = button.Text },
            ["value"] = button.Value,
        };
        if (button.Style is { } style)
        {
            element["style"] = style;
        }

        return element;
    }
}

/// <summary>A button: <paramref name="Style"/> is <c>primary</c>, <c>danger</c> or null.</summary>
public sealed record SlackButton(string ActionId, string Text, string Value, string? Style = null);
