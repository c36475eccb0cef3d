using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// Words and a file for a team channel: the words as a post to <c>#channel</c>, whose answer gives the channel's id,
/// then the file uploaded into that channel (files.completeUploadExternal takes an id, not a name). A refusal is
/// logged; when only the file failed, the words are already there.
/// </summary>
internal sealed class SlackChannelFiles(SlackClient slack, ILogger<SlackChannelFiles> logger) : IChannelFiles
{
    public async Task ShareAsync(string channel, string text, string fileName, byte[] content, CancellationToken ct)
    {
        try
        {
            var posted = await slack.PostMessageAsync(new PostMessageRequest("#" + channel, SlackText.FitEscaped(text, SlackText.MaxMessage, SlackDelivery.Escape)), ct);
            await slack.UploadFileAsync(posted.Channel, fileName, content, null, ct);
        }
        catch (SlackApiException e)
        {
            logger.LogError("could not share {File} in #{Channel}: {Error}", fileName, channel, e.Message);
        }
    }
}
