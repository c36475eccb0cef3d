using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// The bot's DM channel with each person, opened once (<c>conversations.open</c>) and kept in memory, so a message to
/// someone costs one Web API call, not two. At most <paramref name="capacity"/> people are kept (the longest kept go
/// first). A kept channel that Slack no longer takes (<c>channel_not_found</c>, <c>is_archived</c>) is dropped, and
/// the DM is opened again, once. Thread-safe.
/// </summary>
internal sealed class DirectMessages(SlackClient slack, int capacity = 10_000)
{
    private readonly Dictionary<string, string> channels = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    /// <summary>The DM channel id (<c>D...</c>) with <paramref name="userId"/>, opened only the first time.</summary>
    public async Task<string> OpenAsync(string userId, CancellationToken ct)
    {
        lock (gate)
        {
            if (channels.TryGetValue(userId, out var kept))
            {
                return kept;
            }
        }

        var opened = await slack.OpenDirectMessageAsync(userId, ct);
        lock (gate)
        {
            if (channels.TryAdd(userId, opened))
            {
                order.Enqueue(userId);
                while (order.Count > capacity)
                {
                    channels.Remove(order.Dequeue());
                }
            }
            else
            {
                channels[userId] = opened;
            }
        }

        return opened;
    }

    /// <summary>
    /// Runs <paramref name="send"/> in the DM with <paramref name="userId"/>; when Slack says that channel is gone, the kept
    /// id is dropped and <paramref name="send"/> runs once more in the DM opened again.
    /// </summary>
    public async Task SendAsync(string userId, Func<string, Task> send, CancellationToken ct)
    {
        var dm = await OpenAsync(userId, ct);
        try
        {
            await send(dm);
        }
        catch (SlackApiException e) when (IsGone(e))
        {
            Forget(userId, dm);
            await send(await OpenAsync(userId, ct));
        }
    }

    /// <summary>Slack's answer when a kept DM channel is no longer there to post in.</summary>
    public static bool IsGone(SlackApiException e) => e.Error is "channel_not_found" or "is_archived";

    private void Forget(string userId, string channel)
    {
        lock (gate)
        {
            // Another caller may have opened it again meanwhile: only the id that failed is dropped. Its place in the
            // order stays, so the user may be evicted early once opened again: that costs one more open, never a wrong DM.
            if (channels.GetValueOrDefault(userId) == channel)
            {
                channels.Remove(userId);
            }
        }
    }
}
