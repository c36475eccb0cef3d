using System.Text.Json.Nodes;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// Block Kit's documented limits, checked as Slack checks them: each violation is one of Slack's
/// <c>response_metadata.messages</c> (<c>[ERROR] reason [json-pointer:/blocks/3/text/text]</c>), and any violation
/// refuses the whole call with <c>invalid_blocks</c>. Covers the blocks and elements the bot can send.
/// </summary>
internal static class StandInBlockKit
{
    /// <summary>Blocks in a message (chat.postMessage, chat.update, chat.postEphemeral).</summary>
    public const int MessageBlocks = 50;

    /// <summary>Blocks in a Home tab or a modal (views.publish).</summary>
    public const int ViewBlocks = 100;

    /// <summary>The violations of <paramref name="blocks"/> (at <paramref name="pointer"/>), none when Slack would take them.</summary>
    public static List<string> Check(JsonNode? blocks, int maxBlocks, string pointer = "/blocks")
    {
        var errors = new List<string>();
        if (blocks is not JsonArray array)
        {
            errors.Add(Error("must be an array", pointer));
            return errors;
        }

        if (array.Count > maxBlocks)
        {
            errors.Add(Error($"no more than {maxBlocks} items allowed", pointer));
        }

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{pointer}/{i}";
            if (array[i] is not JsonObject block)
            {
                errors.Add(Error("must be an object", at));
                continue;
            }

            if (Str(block, "block_id") is { } blockId)
            {
                Max(errors, blockId, 255, at + "/block_id");
                if (!blockIds.Add(blockId))
                {
                    errors.Add(Error("duplicate block_id", at + "/block_id"));
                }
            }

            CheckBlock(errors, block, at);
        }

        return errors;
    }

    private static void CheckBlock(List<string> errors, JsonObject block, string at)
    {
        switch (Str(block, "type"))
        {
            case "section":
                CheckSection(errors, block, at);
                break;
            case "header":
                Text(errors, block["text"], 150, at + "/text", plainOnly: true);
                break;
            case "divider":
                break;
            case "actions":
                Elements(errors, block, at, max: 25);
                break;
            case "context":
                Items(errors, block["elements"], 1, 10, at + "/elements");
                break;
            default:
                errors.Add(Error("unsupported type", at + "/type"));
                break;
        }
    }

    private static void CheckSection(List<string> errors, JsonObject block, string at)
    {
        if (block["text"] is null && block["fields"] is null)
        {
            errors.Add(Error("must provide either text or fields", at));
        }

        if (block["text"] is not null)
        {
            Text(errors, block["text"], 3000, at + "/text");
        }

        if (block["fields"] is { } fields && Items(errors, fields, 1, 10, at + "/fields"))
        {
            for (var i = 0; i < fields.AsArray().Count; i++)
            {
                Text(errors, fields[i], 2000, $"{at}/fields/{i}");
            }
        }

        if (block["accessory"] is JsonObject accessory)
        {
            Element(errors, accessory, at + "/accessory");
        }
    }

    private static void Elements(List<string> errors, JsonObject block, string at, int max)
    {
        if (!Items(errors, block["elements"], 1, max, at + "/elements"))
        {
            return;
        }

        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        var elements = block["elements"]!.AsArray();
        for (var i = 0; i < elements.Count; i++)
        {
            var where = $"{at}/elements/{i}";
            if (elements[i] is JsonObject element)
            {
                Element(errors, element, where);
                if (Str(element, "action_id") is { } id && !actionIds.Add(id))
                {
                    errors.Add(Error("duplicate action_id", where + "/action_id"));
                }
            }
        }
    }

    /// <summary>A button or an overflow menu, the interactive elements the bot uses.</summary>
    private static void Element(List<string> errors, JsonObject element, string at)
    {
        if (Str(element, "action_id") is { } actionId)
        {
            Max(errors, actionId, 255, at + "/action_id");
        }

        switch (Str(element, "type"))
        {
            case "button":
                Text(errors, element["text"], 75, at + "/text", plainOnly: true);
                if (Str(element, "value") is { } value)
                {
                    Max(errors, value, 2000, at + "/value");
                }

                break;
            case "overflow":
                if (Items(errors, element["options"], 2, 5, at + "/options"))
                {
                    var options = element["options"]!.AsArray();
                    for (var i = 0; i < options.Count; i++)
                    {
                        Text(errors, options[i]?["text"], 75, $"{at}/options/{i}/text", plainOnly: true);
                        Max(errors, Str(options[i] as JsonObject, "value") ?? "", 150, $"{at}/options/{i}/value");
                    }
                }

                break;
            default:
                errors.Add(Error("unsupported type", at + "/type"));
                break;
        }
    }

    /// <summary>A text object: a type, and 1 to <paramref name="max"/> characters.</summary>
    private static void Text(List<string> errors, JsonNode? node, int max, string at, bool plainOnly = false)
    {
        var type = Str(node as JsonObject, "type");
        if (type is not ("plain_text" or "mrkdwn") || (plainOnly && type != "plain_text"))
        {
            errors.Add(Error(plainOnly ? "must be a plain_text object" : "must be a text object", at));
            return;
        }

        var text = Str((JsonObject)node!, "text") ?? "";
        if (text.Length == 0)
        {
            errors.Add(Error("must be more than 0 characters", at + "/text"));
        }

        Max(errors, text, max, at + "/text");
    }

    private static bool Items(List<string> errors, JsonNode? node, int min, int max, string at)
    {
        if (node is not JsonArray array || array.Count < min)
        {
            errors.Add(Error($"must provide at least {min} items", at));
            return false;
        }

        if (array.Count > max)
        {
            errors.Add(Error($"no more than {max} items allowed", at));
        }

        return true;
    }

    private static void Max(List<string> errors, string text, int max, string at)
    {
        if (text.Length > max)
        {
            errors.Add(Error($"must be less than {max + 1} characters", at));
        }
    }

    private static string Error(string reason, string pointer) => $"[ERROR] {reason} [json-pointer:{pointer}]";

    private static string? Str(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
