using System.Text.Json;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Slack.Outbox;

/// <summary>
/// The outbox as one small file per commit in a directory beside the cache, written aside and moved into place, so a
/// file is whole or absent. Attachments are never written: a reply keeps its words, and the words of a reply that
/// carried a kubeconfig already say how to get one. Commits saved by this process are not "undelivered" to it:
/// their replies are on their way.
/// </summary>
internal sealed class FileReplyOutbox(string directory) : IReplyOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HashSet<string> mine = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public void Save(string commit, IReadOnlyList<OutgoingMessage> replies)
    {
        Directory.CreateDirectory(directory);
        var entry = new Entry(commit, [.. replies.Select(Reply.From)]);
        lock (gate)
        {
            mine.Add(commit);
            File.WriteAllText(PathOf(commit) + ".tmp", JsonSerializer.Serialize(entry, Json));
            File.Move(PathOf(commit) + ".tmp", PathOf(commit), overwrite: true);
        }
    }

    public void Delivered(string commit) => File.Delete(PathOf(commit));

    public IReadOnlyList<PromisedReplies> Undelivered()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var left = new List<PromisedReplies>();
        foreach (var file in new DirectoryInfo(directory).GetFiles("*.json").OrderBy(f => f.LastWriteTimeUtc))
        {
            var commit = Path.GetFileNameWithoutExtension(file.Name);
            lock (gate)
            {
                if (mine.Contains(commit))
                {
                    continue;
                }
            }

            if (JsonSerializer.Deserialize<Entry>(File.ReadAllText(file.FullName), Json) is { } entry)
            {
                left.Add(new(entry.Commit, [.. entry.Replies.Select(r => r.ToMessage(entry.Commit))]));
            }
        }

        return left;
    }

    /// <summary>Commit ids are hex; anything else is kept out of the path.</summary>
    private string PathOf(string commit) =>
        Path.Combine(directory, string.Concat(commit.Where(char.IsAsciiHexDigit)) + ".json");

    private sealed record Entry(string Commit, IReadOnlyList<Reply> Replies);

    private sealed record Reply(string? User, string? Channel, string Text, IReadOnlyList<ReplyButton>? Buttons)
    {
        public static Reply From(OutgoingMessage m) => new(
            (m.To as Recipient.User)?.Login, (m.To as Recipient.Channel)?.Name, m.Text, m.Buttons);

        public OutgoingMessage ToMessage(string commit) =>
            new(User is not null ? new Recipient.User(User) : new Recipient.Channel(Channel ?? ""), Text, Buttons: Buttons) { Commit = commit };
    }
}
