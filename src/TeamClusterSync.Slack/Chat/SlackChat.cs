using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Home;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// The Slack front end of the command engine: DMs, @mentions, the <c>/teamcluster</c> command and button presses all
/// become one engine call from the matching GitHub login, and the engine's answers go back through
/// <see cref="SlackDelivery"/>. The same handler serves Socket Mode and HTTP mode.
/// </summary>
public sealed class SlackChat
{
    private readonly CommandEngine engine;
    private readonly SlackClient slack;
    private readonly SlackBotIdentity bot;
    private readonly SlackPeople people;
    private readonly SlackDelivery delivery;
    private readonly DirectMessages dms;
    private readonly ILogger logger;
    private readonly HomeService? home;
    private readonly IMessageDelivery replies;

    /// <param name="replies">Where answers go: <paramref name="delivery"/>, or a delivery that also refreshes the Home views after.</param>
    internal SlackChat(
        CommandEngine engine,
        SlackClient slack,
        SlackBotIdentity bot,
        SlackPeople people,
        SlackDelivery delivery,
        DirectMessages dms,
        ILogger<SlackChat> logger,
        HomeService? home = null,
        IMessageDelivery? replies = null)
    {
        this.home = home;
        this.replies = replies ?? delivery;
        this.engine = engine;
        this.slack = slack;
        this.bot = bot;
        this.people = people;
        this.delivery = delivery;
        this.dms = dms;
        this.logger = logger;
    }

    public async Task HandleAsync(SlackIncoming incoming, CancellationToken ct)
    {
        switch (incoming)
        {
            case SlackMessage message when message.IsFromBot || message.UserId == bot.UserId:
                return;
            case SlackMessage message when message.ChannelType == "im" || message.IsMention:
                await RunAsync(message.UserId, CommandParser.ParseDirect(await PlainAsync(message.Text, ct)), ct);
                break;
            case SlackSlashCommand command:
                await RunAsync(command.UserId, CommandParser.ParseDirect(await PlainAsync(command.Text, ct)), ct);
                break;
            case SlackBlockAction action when action.ActionId.StartsWith(SlackDelivery.AnswerActionPrefix, StringComparison.Ordinal):
                if (!await IsOwnPressAsync(action, ct))
                {
                    return;
                }

                // The button's value is the command it stands for. The message keeps its words, loses its buttons (sent as new
                // blocks: an update without blocks keeps the old ones) and says who answered how, so nobody answers twice.
                var answered = Answered(action);
                await slack.UpdateMessageAsync(new UpdateMessageRequest(action.ChannelId, action.MessageTs, answered, SlackBlocks.Of(SlackBlocks.Section(answered))), ct);
                await RunAsync(action.UserId, CommandParser.ParseDirect(action.Value), ct);
                break;
            case SlackBlockAction action when action.ActionId.StartsWith(SlackHomeBlocks.ActionPrefix, StringComparison.Ordinal):
                // A Home tab button stays (the tab is republished after the change); its value is the command it stands for.
                await RunAsync(action.UserId, CommandParser.ParseDirect(action.Value), ct);
                break;
            case SlackHomeOpened opened when home is not null:
                await OpenHomeAsync(opened.UserId, ct);
                break;
        }
    }

    private async Task RunAsync(string slackUserId, ParsedCommand command, CancellationToken ct)
    {
        var (login, configProblem) = await people.LoginOfAsync(slackUserId, ct);
        if (login is null)
        {
            await delivery.DirectAsync(slackUserId, configProblem ?? UnmappedHint(slackUserId), ct);
            return;
        }

        IReadOnlyList<OutgoingMessage> replies;
        try
        {
            replies = await engine.HandleAsync(login, command, CommitSource.Slack, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "command from @{Login} failed", login);
            await delivery.DirectAsync(slackUserId, $"Sorry, I could not record that, so nothing changed: {e.Message}. Please try again.", ct);
            return;
        }

        await this.replies.DeliverAsync(replies, ct);
    }

    private async Task OpenHomeAsync(string slackUserId, CancellationToken ct)
    {
        var (login, _) = await people.LoginOfAsync(slackUserId, ct);
        if (login is null)
        {
            logger.LogWarning("{User} opened the Home tab but people.yaml does not map them to a GitHub login", slackUserId);
            return;
        }

        await home!.OpenedAsync(login, ct);
    }

    /// <summary>What the person typed, with Slack's mentions as logins and its entities decoded (see <see cref="SlackMarkup"/>).</summary>
    private Task<string> PlainAsync(string text, CancellationToken ct) =>
        SlackMarkup.ToPlainAsync(text, bot.UserId, async id => (await people.LoginOfAsync(id, ct)).Login);

    /// <summary>
    /// Before anything is edited or run: the press is on a message of the bot that still shows this button, in the bot's
    /// DM with the person who pressed it (answer buttons only ever go to DMs). Anything else (another channel, another
    /// person's DM, a message without that button) edits nothing and runs nothing.
    /// </summary>
    private async Task<bool> IsOwnPressAsync(SlackBlockAction action, CancellationToken ct)
    {
        if (action.Offered && action.ChannelId == await dms.OpenAsync(action.UserId, ct))
        {
            return true;
        }

        logger.LogWarning(
            "ignored a button press by {User} on {Channel}/{Ts}: {Why}",
            action.UserId,
            action.ChannelId,
            action.MessageTs,
            action.Offered ? "not in their DM with the bot" : "that message does not show this button (any more)");
        return false;
    }

    /// <summary>The pressed message's words, then <c>&lt;@U123&gt; answered: Grant</c>, within a section's limit.</summary>
    private static string Answered(SlackBlockAction action)
    {
        var who = $"<@{action.UserId}> answered: {SlackDelivery.Escape(action.Label ?? action.Value)}";
        return action.MessageText is { Length: > 0 } text
            ? SlackText.Fit(text, SlackText.MaxSection - who.Length - 2) + "\n\n" + who
            : who;
    }

    private static string UnmappedHint(string slackUserId) =>
        "I don't know which GitHub login is yours, so I can't tell which team you are in. Ask a team admin to add you to "
        + $"people.yaml in the config repo:\n```\n- github: <your GitHub login>\n  slack: {slackUserId}\n```\n"
        + "(or to list your Slack email there as `email:`).";
}

/// <summary>
/// Who the bot is in Slack, so it never answers its own messages: from auth.test, which may answer only after the
/// host started (Slack was down); until then its messages are still known by their <c>bot_id</c>.
/// </summary>
public sealed class SlackBotIdentity(string? userId = null)
{
    private readonly Lock gate = new();
    private volatile string? userId = userId;
    private TaskCompletionSource answering = Answering(userId is not null);

    public string? UserId => userId;

    /// <summary>auth.test answered with the bot's user id: Slack answers, and the events held are handled.</summary>
    public void Learned(string id)
    {
        userId = id;
        lock (gate)
        {
            answering.TrySetResult();
        }
    }

    /// <summary>Slack did not answer: events are held (journaled, acknowledged) until it does again.</summary>
    public void Unreachable()
    {
        lock (gate)
        {
            if (answering.Task.IsCompleted)
            {
                answering = Answering(false);
            }
        }
    }

    /// <summary>Completes once Slack answers (at once while it does), so no event is handled into a Slack that cannot hear the replies.</summary>
    public Task AnsweringAsync(CancellationToken ct)
    {
        lock (gate)
        {
            return answering.Task.WaitAsync(ct);
        }
    }

    private static TaskCompletionSource Answering(bool already)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (already)
        {
            source.SetResult();
        }

        return source;
    }
}
