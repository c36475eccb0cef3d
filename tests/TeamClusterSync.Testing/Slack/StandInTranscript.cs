using System.Text;
using System.Text.RegularExpressions;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// The example config's people as stand-in users, and what the bot sent rendered in the terminal chat's block format,
/// so Slack (either transport) and the terminal are held to the same approved transcript.
/// </summary>
public static partial class StandInTranscript
{
    /// <summary>GitHub login → the Slack id people.yaml gives them in example-config.</summary>
    public static IReadOnlyDictionary<string, string> People { get; } = new Dictionary<string, string>
    {
        ["cgwalters"] = "U01CGWALTERS",
        ["miabbott"] = "U01MIABBOTT",
        ["jlebon"] = "U01JLEBON",
        ["sinnykumari"] = "U01SINNYKUMARI",
        ["yuqi-zhang"] = "U01YUQIZHANG",
    };

    public static void AddExamplePeople(SlackStandIn standIn)
    {
        foreach (var (login, id) in People)
        {
            standIn.AddUser(id, login, $"{login}@example.com");
        }
    }

    /// <summary>Posts and uploads since call number <paramref name="fromCall"/>, as <c>to @login:</c> blocks; times as &lt;time&gt;.</summary>
    public static string Render(SlackStandIn standIn, int fromCall)
    {
        var who = People.ToDictionary(p => standIn.DirectMessageChannel(p.Value), p => "@" + p.Key);
        var uploads = standIn.Uploads.Skip(standIn.Calls.Take(fromCall).Count(IsUpload)).GetEnumerator();
        var text = new StringBuilder();
        foreach (var call in standIn.Calls.Skip(fromCall))
        {
            if (call.Method == "chat.postMessage" && call.Status == 200 && !IsStatusMessage(call))
            {
                var channel = call.Arg("channel")!;
                text.Append($"to {who.GetValueOrDefault(channel, channel)}:\n{call.Arg("text")}\n\n");
            }
            else if (IsUpload(call) && uploads.MoveNext())
            {
                var file = uploads.Current;
                text.Append($"to {who.GetValueOrDefault(file.ChannelId, file.ChannelId)}:\n{file.InitialComment}\nattachment: {file.FileName}\n\n");
            }
        }

        // What people see: Slack shows &lt; as <.
        var seen = text.ToString().Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
        return Times().Replace(seen, "<time>");
    }

    /// <summary>A team channel's standing status message, edited in place; the terminal has no such thing.</summary>
    public static bool IsStatusMessage(SlackCall call) => IsStatusBlocks(call.Arg("blocks"));

    /// <summary>A posted message that is a team channel's status message.</summary>
    public static bool IsStatusMessage(PostedMessage message) => IsStatusBlocks(message.Blocks);

    private static bool IsStatusBlocks(string? blocks) =>
        blocks is not null && blocks.Contains("\"block_id\":\"teamcluster-status-", StringComparison.Ordinal);

    private static bool IsUpload(SlackCall call) => call.Method == "files.completeUploadExternal" && call.Status == 200;

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial Regex Times();
}
