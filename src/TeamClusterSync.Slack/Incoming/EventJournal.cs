using System.Text.Json;

namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// What was acknowledged to Slack but not yet handled to the end, one small file per item in a directory beside the
/// cache: written before the acknowledgement, deleted once the handler finished. After a crash, a starting client
/// hands what is left to its handler again, so an acknowledged event is never dropped (Slack will not redeliver it).
/// Only what the handler needs is kept: who, where, what they typed or pressed; never a token or a response URL.
/// </summary>
public sealed class EventJournal(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records <paramref name="item"/> under its delivery id, durably, before it is acknowledged.</summary>
    public void Record(string deliveryId, SlackIncoming item)
    {
        if (Entry.From(item) is not { } entry)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var path = PathOf(deliveryId);
        using (var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, entry, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The item was handled to the end: it needs no second try.</summary>
    public void Complete(string deliveryId) => File.Delete(PathOf(deliveryId));

    /// <summary>What a process that died left unhandled, oldest first; unreadable entries are skipped (and kept for a look).</summary>
    public IReadOnlyList<(string DeliveryId, SlackIncoming Item)> Unfinished()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var left = new List<(string, SlackIncoming)>();
        foreach (var file in new DirectoryInfo(directory).GetFiles("*.json").OrderBy(f => f.LastWriteTimeUtc))
        {
            try
            {
                if (JsonSerializer.Deserialize<Entry>(File.ReadAllText(file.FullName), Json)?.ToItem() is { } item)
                {
                    left.Add((Path.GetFileNameWithoutExtension(file.Name), item));
                }
            }
            catch (JsonException)
            {
                // A torn write cannot happen (written aside, then moved); anything else is not ours to guess at.
            }
        }

        return left;
    }

    /// <summary>Delivery ids are Slack's (<c>Ev0123</c>, envelope GUIDs); anything else is kept out of the path.</summary>
    private string PathOf(string deliveryId) =>
        Path.Combine(directory, string.Concat(deliveryId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".json");

    /// <summary>The journaled shape of an item; a slash command's response URL is left out (it is a credential for 30 minutes).</summary>
    private sealed record Entry(string Kind, string UserId, string ChannelId, string Text, string? ChannelType = null, string? Ts = null, string? ThreadTs = null, bool IsMention = false, string? ActionId = null)
    {
        public static Entry? From(SlackIncoming item) => item switch
        {
            SlackMessage m => new("message", m.UserId, m.ChannelId, m.Text, m.ChannelType, m.Ts, m.ThreadTs, m.IsMention),
            SlackSlashCommand c => new("command", c.UserId, c.ChannelId, c.Text, ChannelType: c.Command),
            SlackBlockAction a => new("action", a.UserId, a.ChannelId, a.Value, Ts: a.MessageTs, ActionId: a.ActionId),
            _ => null, // opening the Home tab is not worth replaying: it is published again on the next open
        };

        public SlackIncoming? ToItem() => Kind switch
        {
            "message" => new SlackMessage(UserId, ChannelId, ChannelType ?? "im", Text, Ts ?? "", IsFromBot: false, IsMention, ThreadTs),
            "command" => new SlackSlashCommand(UserId, ChannelId, ChannelType ?? "/teamcluster", Text, ResponseUrl: ""),
            "action" => new SlackBlockAction(UserId, ChannelId, Ts ?? "", ActionId ?? "", Text),
            _ => null,
        };
    }
}
