using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Home;

/// <summary>
/// The App Home tab (views.publish) and the team channels' status messages: posted and pinned once (see
/// <see cref="StatusMessages"/>), then edited in place (chat.update).
/// </summary>
internal sealed class SlackHomeSurface(SlackClient slack, SlackPeople people, StatusMessages statuses, ILogger<SlackHomeSurface> logger) : IHomeSurface
{
    public async Task PublishAsync(HomeView view, CancellationToken ct)
    {
        if (await people.SlackIdOfAsync(view.Login, ct) is not { } id)
        {
            logger.LogWarning("no Slack user for @{Login}: add them to people.yaml; their Home tab was not published", view.Login);
            return;
        }

        await Logged(() => slack.PublishViewAsync(new PublishViewRequest(id, SlackHomeBlocks.View(view)), ct), "@" + view.Login);
    }

    public async Task ShowStatusAsync(string channel, string cluster, string text, CancellationToken ct)
    {
        // A cluster with many readers makes a long line: past a section's 3,000 characters Slack refuses it.
        var escaped = SlackText.FitEscaped(text, SlackText.MaxSection, SlackDelivery.Escape);
        await Logged(async () =>
        {
            // A message found gone (deleted as a duplicate by another replica, or by hand) is looked for again once.
            for (var look = 0; look < 2; look++)
            {
                if (await statuses.FindAsync(channel, cluster, ct) is not { } known)
                {
                    break;
                }

                if (await UpdatedAsync(channel, cluster, known, escaped, ct))
                {
                    return;
                }
            }

            var posted = await slack.PostMessageAsync(new PostMessageRequest("#" + channel, escaped, Blocks(cluster, escaped)), ct);
            var kept = await statuses.PinAsync(channel, cluster, new StatusMessage(posted.Channel, posted.Ts), ct);
            if (kept.Ts != posted.Ts)
            {
                await UpdatedAsync(channel, cluster, kept, escaped, ct);
            }
        }, "#" + channel);
    }

    /// <summary>Edits the status message; false when it is gone.</summary>
    private async Task<bool> UpdatedAsync(string channel, string cluster, StatusMessage message, string escaped, CancellationToken ct)
    {
        try
        {
            await slack.UpdateMessageAsync(new UpdateMessageRequest(message.ChannelId, message.Ts, escaped, Blocks(cluster, escaped)), ct);
            return true;
        }
        catch (SlackApiException e) when (e.Error == "message_not_found")
        {
            logger.LogWarning("the status message of {Cluster} in #{Channel} is gone; looking for it again", cluster, channel);
            statuses.Forget(channel, cluster);
            return false;
        }
    }

    private static JsonArray Blocks(string cluster, string escaped)
    {
        var section = SlackBlocks.Section(escaped);
        section["block_id"] = StatusMessages.BlockId(cluster);
        return SlackBlocks.Of(section);
    }

    private async Task Logged(Func<Task> call, string where)
    {
        try
        {
            await call();
        }
        catch (SlackApiException e)
        {
            logger.LogError("could not update the standing view of {Where}: {Error}", where, e.Message);
        }
    }
}
