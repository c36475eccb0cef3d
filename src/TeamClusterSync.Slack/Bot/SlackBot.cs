using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Bot.Engine;
using TeamClusterSync.Bot.Parsing;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Bot;

/// <summary>
/// The Slack front end of the command engine: DMs, @mentions, the <c>/teamcluster</c> command and button presses all
/// become one engine call from the matching GitHub login, and the engine's answers go back through
/// <see cref="SlackDelivery"/>. The same handler serves Socket Mode and HTTP mode.
/// </summary>
public sealed class SlackBot
{
    private readonly CommandEngine engine;
    private readonly SlackClient slack;
    private readonly string botUserId;
    private readonly ILogger logger;
    private readonly SlackIdentities identities;
    private readonly SlackDelivery delivery;

    public SlackBot(CommandEngine engine, SlackClient slack, string botUserId, TimeProvider clock, ILogger<SlackBot>? logger = null)
    {
        this.engine = engine;
        this.slack = slack;
        this.botUserId = botUserId;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        identities = new SlackIdentities(slack, engine.ConfigAsync, clock);
        delivery = new SlackDelivery(slack, identities, this.logger);
    }

    public async Task HandleAsync(SlackIncoming incoming, CancellationToken ct)
    {
        switch (incoming)
        {
            case SlackMessage message when message.IsFromBot || message.UserId == botUserId:
                return;
            case SlackMessage message when message.ChannelType == "im" || message.IsMention:
                await RunAsync(message.UserId, WithKeyword(message.Text), ct);
                break;
            case SlackSlashCommand command:
                await RunAsync(command.UserId, $"{CommandParser.Keyword} {command.Text}", ct);
                break;
            case SlackBlockAction action when action.ActionId.StartsWith(SlackDelivery.AnswerActionPrefix, StringComparison.Ordinal):
                // The button's value is the command it stands for; the buttons go once answered, so a second press is impossible.
                await slack.UpdateMessageAsync(new UpdateMessageRequest(action.ChannelId, action.MessageTs, $"you answered: {action.Value}"), ct);
                await RunAsync(action.UserId, action.Value, ct);
                break;
        }
    }

    /// <summary>Delivers messages made outside a conversation, such as the schedule's reminders and expiries.</summary>
    public Task DeliverAsync(IEnumerable<TeamClusterSync.Bot.Messages.OutgoingMessage> messages, CancellationToken ct) =>
        delivery.SendAsync(messages, ct);

    private async Task RunAsync(string slackUserId, string text, CancellationToken ct)
    {
        if (await identities.LoginOfAsync(slackUserId, ct) is not { } login)
        {
            await delivery.DirectAsync(slackUserId, UnmappedHint(slackUserId), ct);
            return;
        }

        IReadOnlyList<TeamClusterSync.Bot.Messages.OutgoingMessage> replies;
        try
        {
            replies = await engine.HandleAsync(login, text, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "command from @{Login} failed", login);
            await delivery.DirectAsync(slackUserId, $"Sorry, I could not record that, so nothing changed: {e.Message}. Please try again.", ct);
            return;
        }

        await delivery.SendAsync(replies, ct);
    }

    /// <summary>
    /// Talking to the bot directly, <c>request</c> is as clear as <c>teamcluster request</c>: add the keyword when a
    /// DM or mention starts with anything but it or an answer (<c>yes</c> / <c>no</c>).
    /// </summary>
    internal static string WithKeyword(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var first = words.SkipWhile(w => w.StartsWith("<@", StringComparison.Ordinal)).FirstOrDefault()?.ToLowerInvariant();
        return first is null or CommandParser.Keyword or "yes" or "no"
            ? text
            : $"{CommandParser.Keyword} {string.Join(' ', words.SkipWhile(w => w.StartsWith("<@", StringComparison.Ordinal)))}";
    }

    private static string UnmappedHint(string slackUserId) =>
        "I don't know which GitHub login is yours, so I can't tell which team you are in. Ask a team admin to add you to "
        + $"people.yaml in the config repo:\n```\n- github: <your GitHub login>\n  slack: {slackUserId}\n```\n"
        + "(or to list your Slack email there as `email:`).";
}
