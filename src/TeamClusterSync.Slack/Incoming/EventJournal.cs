using TeamClusterSync.Slack.Storage;

namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// What was acknowledged to Slack but not yet handled to the end, one small file per item in a directory beside the
/// cache: written before the acknowledgement, deleted once the handler finished. After a crash, a starting client
/// hands what is left to its handler again, so an acknowledged event is never dropped (Slack will not redeliver it).
/// Only what the handler needs is kept: who, where, what they typed or pressed; never a token or a response URL.
/// </summary>
public sealed class EventJournal(string directory)
{
    private readonly JsonFileDirectory<Entry> files = new(directory);

    /// <summary>Records <paramref name="item"/> under its delivery id, durably, before it is acknowledged.</summary>
    public void Record(string deliveryId, SlackIncoming item)
    {
        if (Entry.From(item) is { } entry)
        {
            files.Write(deliveryId, entry);
        }
    }

    /// <summary>The item was handled to the end: it needs no second try.</summary>
    public void Complete(string deliveryId) => files.Delete(deliveryId);

    /// <summary>What a process that died left unhandled, oldest first; unreadable entries are skipped (and kept for a look).</summary>
    public IReadOnlyList<(string DeliveryId, SlackIncoming Item)> Unfinished() =>
        [.. files.All().Select(f => (f.Key, Item: f.Entry.ToItem())).Where(f => f.Item is not null).Select(f => (f.Key, f.Item!))];

    /// <summary>The journaled shape of an item; a slash command's response URL is left out (it is a credential for 30 minutes).</summary>
    private sealed record Entry(string Kind, string UserId, string ChannelId, string Text, string? ChannelType = null, string? Ts = null, string? ThreadTs = null, bool IsMention = false, string? ActionId = null, bool Offered = false)
    {
        public static Entry? From(SlackIncoming item) => item switch
        {
            SlackMessage m => new("message", m.UserId, m.ChannelId, m.Text, m.ChannelType, m.Ts, m.ThreadTs, m.IsMention),
            SlackSlashCommand c => new("command", c.UserId, c.ChannelId, c.Text, ChannelType: c.Command),
            SlackBlockAction a => new("action", a.UserId, a.ChannelId, a.Value, Ts: a.MessageTs, ActionId: a.ActionId, Offered: a.Offered),
            _ => null, // opening the Home tab is not worth replaying: it is published again on the next open
        };

        public SlackIncoming? ToItem() => Kind switch
        {
            "message" => new SlackMessage(UserId, ChannelId, ChannelType ?? "im", Text, Ts ?? "", IsFromBot: false, IsMention, ThreadTs),
            "command" => new SlackSlashCommand(UserId, ChannelId, ChannelType ?? "/teamcluster", Text, ResponseUrl: ""),
            "action" => new SlackBlockAction(UserId, ChannelId, Ts ?? "", ActionId ?? "", Text, Offered: Offered),
            _ => null,
        };
    }
}
