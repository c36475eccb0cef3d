using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Storage;

namespace TeamClusterSync.Slack.Outbox;

/// <summary>
/// The outbox as one small file per commit in a directory beside the cache (<see cref="JsonFileDirectory{T}"/>).
/// Attachments are never written: a reply keeps its words, and the words of a reply that carried a kubeconfig already
/// say how to get one. Commits saved by this process are not "undelivered" to it: their replies are on their way.
/// </summary>
internal sealed class FileReplyOutbox(string directory) : IReplyOutbox
{
    private readonly JsonFileDirectory<Entry> files = new(directory);
    private readonly HashSet<string> mine = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public void Save(string commit, IReadOnlyList<OutgoingMessage> replies)
    {
        lock (gate)
        {
            mine.Add(commit);
            files.Write(commit, new Entry(commit, [.. replies.Select(Reply.From)]));
        }
    }

    public void Delivered(string commit) => files.Delete(commit);

    public IReadOnlyList<PromisedReplies> Undelivered()
    {
        lock (gate)
        {
            return [.. files.All().Where(f => !mine.Contains(f.Key))
                .Select(f => new PromisedReplies(f.Entry.Commit, [.. f.Entry.Replies.Select(r => r.ToMessage(f.Entry.Commit))]))];
        }
    }

    private sealed record Entry(string Commit, IReadOnlyList<Reply> Replies);

    private sealed record Reply(string? User, string? Channel, string Text, IReadOnlyList<ReplyButton>? Buttons)
    {
        public static Reply From(OutgoingMessage m) => new(
            (m.To as Recipient.User)?.Login, (m.To as Recipient.Channel)?.Name, m.Text, m.Buttons);

        public OutgoingMessage ToMessage(string commit) =>
            new(User is not null ? new Recipient.User(User) : new Recipient.Channel(Channel ?? ""), Text, Buttons: Buttons) { Commit = commit };
    }
}
