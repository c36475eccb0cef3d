using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// Sends the app's messages through Slack: to a person as a DM (with buttons, or with the kubeconfig uploaded into
/// that DM), to a team channel as a post. A file never goes to a channel, whatever the caller asks.
/// </summary>
internal sealed class SlackDelivery(SlackClient slack, SlackPeople people, DirectMessages dms, ILogger<SlackDelivery> logger) : IMessageDelivery
{
    public const string AnswerActionPrefix = "teamcluster-answer-";

    /// <summary>Sends each message in order; one that Slack refuses is logged and does not stop the rest.</summary>
    public async Task DeliverAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            try
            {
                await SendAsync(message, ct);
            }
            catch (SlackApiException e)
            {
                logger.LogError("could not deliver a message to {To}: {Error}", message.To, e.Message);
            }
        }
    }

    /// <summary>A DM to a Slack user id, for people the config cannot name yet.</summary>
    public Task DirectAsync(string slackUserId, string text, CancellationToken ct) =>
        dms.SendAsync(slackUserId, dm => slack.PostMessageAsync(new PostMessageRequest(dm, Text(text)), ct), ct);

    /// <summary>
    /// Slack reads <c>&lt;...&gt;</c> as links and mentions, so <c>no &lt;reason&gt;</c> would vanish: escape the
    /// three characters Slack asks for. Backticks and the rest are mrkdwn the texts mean.
    /// </summary>
    private static string Text(string text) => SlackText.FitEscaped(text, SlackText.MaxMessage, Escape);

    internal static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Uploads a kubeconfig into the DM (the client already retried what Slack says to retry). When Slack still
    /// refuses it, the words go out alone with how to get the credentials again, so nobody believes a file is on its way.
    /// </summary>
    private async Task UploadOrSayAsync(string dm, string text, Attachment file, CancellationToken ct)
    {
        try
        {
            await slack.UploadFileAsync(dm, file.FileName, Encoding.UTF8.GetBytes(file.Content), Text(text), ct);
        }
        catch (SlackApiException e) when (!DirectMessages.IsGone(e)) // a DM gone: opened again by the caller
        {
            logger.LogError("could not upload {File}: {Error}; told the person to run teamcluster auth", file.FileName, e.Message);
            var fallback = $"{text}\n(I could not send you {file.FileName}: Slack answered `{e.Error}`. Your access is recorded: "
                + "`teamcluster auth` sends a fresh kubeconfig)";
            await slack.PostMessageAsync(new PostMessageRequest(dm, Text(fallback)), ct);
        }
    }

    private async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        switch (message.To)
        {
            case Recipient.User user:
                if (await people.SlackIdOfAsync(user.Login, ct) is not { } id)
                {
                    logger.LogWarning("no Slack user for @{Login}: add them to people.yaml; a message to them was dropped", user.Login);
                    return;
                }

                await dms.SendAsync(id, dm => message.Attachment is { } file
                    ? UploadOrSayAsync(dm, message.Text, file, ct)
                    : slack.PostMessageAsync(new PostMessageRequest(dm, Text(message.Text), Blocks(message)), ct), ct);
                break;
            case Recipient.Channel channel:
                if (message.Attachment is { } refused)
                {
                    // Credentials are for one person; a channel is everyone. Keep the words, drop the file.
                    logger.LogError("refused to post {File} to #{Channel}: files only go to direct messages", refused.FileName, channel.Name);
                }

                await slack.PostMessageAsync(new PostMessageRequest("#" + channel.Name, Text(message.Text)), ct);
                break;
        }
    }

    private static JsonArray? Blocks(OutgoingMessage message) =>
        message.Buttons is not { Count: > 0 } buttons
            ? null
            : SlackBlocks.Of(
                SlackBlocks.Section(SlackText.FitEscaped(message.Text, SlackText.MaxSection, Escape)),
                SlackBlocks.Actions("teamcluster-answer", [.. buttons.Select((b, i) =>
                    new SlackButton(AnswerActionPrefix + i, b.Label, b.Command, b.Primary ? "primary" : "danger"))]));
}
