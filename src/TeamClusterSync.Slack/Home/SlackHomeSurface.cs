using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Home;

/// <summary>The App Home tab (views.publish) and the team channels' status messages (chat.postMessage once, then chat.update).</summary>
internal sealed class SlackHomeSurface(SlackClient slack, SlackPeople people, StatusMessages statuses, ILogger<SlackHomeSurface> logger) : IHomeSurface
{
    /// <summary>The block id that marks a status message (so it can be told from the bot's other posts).</summary>
    public const string StatusBlockId = "teamcluster-status";

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
        if (statuses.Find(channel, cluster) is { } known)
        {
            try
            {
                await slack.UpdateMessageAsync(new UpdateMessageRequest(known.ChannelId, known.Ts, escaped, Blocks(escaped)), ct);
                return;
            }
            catch (SlackApiException e) when (e.Error == "message_not_found")
            {
                logger.LogWarning("the status message of {Cluster} in #{Channel} is gone; posting a new one", cluster, channel);
            }
            catch (SlackApiException e)
            {
                logger.LogError("could not update the status message of {Cluster} in #{Channel}: {Error}", cluster, channel, e.Message);
                return;
            }
        }

        await Logged(async () =>
        {
            var posted = await slack.PostMessageAsync(new PostMessageRequest("#" + channel, escaped, Blocks(escaped)), ct);
            statuses.Remember(channel, cluster, new StatusMessage(posted.Channel, posted.Ts));
        }, "#" + channel);
    }

    private static JsonArray Blocks(string escaped)
    {
        var section = SlackBlocks.Section(escaped);
        section["block_id"] = StatusBlockId;
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
