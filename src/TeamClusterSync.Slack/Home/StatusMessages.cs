using System.Text.Json;

namespace TeamClusterSync.Slack.Home;

/// <summary>
/// Where each cluster's status message lives (channel id and ts), so it is edited rather than posted again. Kept in
/// <see cref="SlackSettings.StateDirectory"/> when set, so a restart edits the same message; else in memory. Finding
/// it again with conversations.history would need the channels:history scope (reading every message of the team
/// channels) and paging, for what one small file remembers.
/// </summary>
internal sealed class StatusMessages(string? file)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StatusMessage> messages = Load(file);

    public StatusMessage? Find(string channel, string cluster)
    {
        lock (gate)
        {
            return messages.GetValueOrDefault(Key(channel, cluster));
        }
    }

    public void Remember(string channel, string cluster, StatusMessage message)
    {
        lock (gate)
        {
            messages[Key(channel, cluster)] = message;
            if (file is not null)
            {
                var temp = file + ".tmp";
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!); // the cache may have been cleaned under a running process
                File.WriteAllText(temp, JsonSerializer.Serialize(messages));
                File.Move(temp, file, overwrite: true);
            }
        }
    }

    private static string Key(string channel, string cluster) => $"#{channel}/{cluster}";

    private static Dictionary<string, StatusMessage> Load(string? file) =>
        file is not null && File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, StatusMessage>>(File.ReadAllText(file)) ?? []
            : [];
}

/// <summary>A posted message: the channel id chat.postMessage answered with (chat.update wants the id, not the name) and its ts.</summary>
internal sealed record StatusMessage(string ChannelId, string Ts);
