using System.Globalization;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Home;

/// <summary>
/// Where each cluster's status message lives. The truth is kept in Slack itself: the message is pinned in its team
/// channel and marked with the cluster's block id, so any replica, after any restart, finds it with pins.list (pins
/// are few, unlike the channel's history, and need no scope to read every message). When two replicas post at once,
/// the oldest pinned message wins and the newer one is deleted. This class only caches what Slack answered.
/// </summary>
internal sealed class StatusMessages(SlackClient slack, ILogger logger)
{
    private const string BlockIdPrefix = "teamcluster-status-";
    private readonly Lock gate = new();
    private readonly Dictionary<string, StatusMessage> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> channelIds = new(StringComparer.Ordinal);

    /// <summary>Channels whose pins were read: every status message found there is in <see cref="known"/>.</summary>
    private readonly HashSet<string> pinsRead = new(StringComparer.Ordinal);
    private bool channelsListed;

    /// <summary>The block id that marks the status message of <paramref name="cluster"/>.</summary>
    public static string BlockId(string cluster) => BlockIdPrefix + cluster;

    /// <summary>
    /// The cluster's status message: remembered, or found among the channel's pins; null when there is none yet. A
    /// channel's pins are read once for all its clusters (pins.list is Tier 2, about 20 calls a minute, and a process
    /// that starts finds every cluster's message at once).
    /// </summary>
    public async Task<StatusMessage?> FindAsync(string channel, string cluster, CancellationToken ct)
    {
        lock (gate)
        {
            if (known.TryGetValue(Key(channel, cluster), out var message) || pinsRead.Contains(channel))
            {
                return message;
            }
        }

        if (await ChannelIdAsync(channel, ct) is not { } channelId)
        {
            return null;
        }

        var pinned = await PinnedAsync(channelId, ct);
        lock (gate)
        {
            foreach (var (pinnedCluster, oldest) in pinned)
            {
                known.TryAdd(Key(channel, pinnedCluster), new StatusMessage(channelId, oldest[0]));
            }

            pinsRead.Add(channel);
            return known.GetValueOrDefault(Key(channel, cluster));
        }
    }

    /// <summary>
    /// Pins a message just posted and makes sure one is left: when replicas posted at the same time, the oldest is kept
    /// (and returned) and the others deleted, whoever posted them (each poster checks after pinning, so the last to pin
    /// sees them all).
    /// </summary>
    public async Task<StatusMessage> PinAsync(string channel, string cluster, StatusMessage posted, CancellationToken ct)
    {
        lock (gate)
        {
            channelIds[channel] = posted.ChannelId;
        }

        // Kept before the pin: a refused pins.add (a missing scope) leaves this process editing the message it posted,
        // not posting a new one at every change.
        Remember(channel, cluster, posted);
        await slack.PinAsync(posted.ChannelId, posted.Ts, ct);
        var pinned = (await PinnedAsync(posted.ChannelId, ct)).GetValueOrDefault(cluster) ?? [];
        var oldest = pinned.Count > 0 ? new StatusMessage(posted.ChannelId, pinned[0]) : posted;
        foreach (var newer in pinned.Skip(1))
        {
            logger.LogInformation("the status of {Cluster} in #{Channel} was posted twice at once (two replicas); keeping the first", cluster, channel);
            await DeleteAsync(posted.ChannelId, newer, ct);
        }

        Remember(channel, cluster, oldest);
        return oldest;
    }

    /// <summary>The message is gone (deleted by hand or as a duplicate): look for it again next time.</summary>
    public void Forget(string channel, string cluster)
    {
        lock (gate)
        {
            known.Remove(Key(channel, cluster));
            pinsRead.Remove(channel);
        }
    }

    /// <summary>The ts of each cluster's pinned status messages in the channel, oldest first.</summary>
    private async Task<Dictionary<string, List<string>>> PinnedAsync(string channelId, CancellationToken ct) =>
        (await slack.ListPinsAsync(channelId, ct))
            .Where(m => m.BotId is not null)
            .SelectMany(m => (m.Blocks ?? []).Select(b => b?["block_id"]?.GetValue<string>())
                .Where(id => id?.StartsWith(BlockIdPrefix, StringComparison.Ordinal) == true)
                .Distinct()
                .Select(id => (Cluster: id![BlockIdPrefix.Length..], m.Ts)))
            .GroupBy(p => p.Cluster, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Ts).OrderBy(ts => decimal.Parse(ts, CultureInfo.InvariantCulture)).ToList(), StringComparer.Ordinal);

    /// <summary>Deletes a duplicate; another replica may have deleted it already.</summary>
    private async Task DeleteAsync(string channelId, string ts, CancellationToken ct)
    {
        try
        {
            await slack.DeleteMessageAsync(channelId, ts, ct);
        }
        catch (SlackApiException e) when (e.Error == "message_not_found")
        {
        }
    }

    /// <summary>The channel's id (pins.* take no names), from the bot's own posts or conversations.list; null when unknown.</summary>
    private async Task<string?> ChannelIdAsync(string channel, CancellationToken ct)
    {
        lock (gate)
        {
            if (channelIds.TryGetValue(channel, out var id) || channelsListed)
            {
                return id;
            }
        }

        try
        {
            var listed = await slack.ListChannelsAsync(ct);
            lock (gate)
            {
                channelsListed = true;
                foreach (var (name, id) in listed)
                {
                    channelIds.TryAdd(name, id);
                }

                return channelIds.GetValueOrDefault(channel);
            }
        }
        catch (SlackApiException e)
        {
            // Without the list the next post still finds an older pinned status message, and deletes itself for it.
            logger.LogWarning("could not list the channels to find the status messages ({Error}); a new one replaces an older one once posted", e.Message);
            lock (gate)
            {
                channelsListed = true;
            }

            return null;
        }
    }

    private void Remember(string channel, string cluster, StatusMessage message)
    {
        lock (gate)
        {
            known[Key(channel, cluster)] = message;
        }
    }

    private static string Key(string channel, string cluster) => $"#{channel}/{cluster}";
}

/// <summary>A posted message: the channel id chat.postMessage answered with (chat.update wants the id, not the name) and its ts.</summary>
internal sealed record StatusMessage(string ChannelId, string Ts);
