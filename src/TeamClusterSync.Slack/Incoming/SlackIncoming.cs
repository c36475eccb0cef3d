namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// Something a person did in Slack that the bot may act on, the same whether it came over Socket Mode or HTTP.
/// The transport has already acknowledged it to Slack; the handler may take as long as it needs.
/// </summary>
public abstract record SlackIncoming;

/// <summary>
/// A message in a DM (<c>message</c>, channel type <c>im</c>) or a mention of the bot (<c>app_mention</c>,
/// <see cref="IsMention"/> true). Text is as Slack sent it: the engine strips <c>&lt;@U...&gt;</c> itself.
/// Messages with a subtype (edits, deletions, joins, bot_message) never arrive here; a message carrying a
/// <c>bot_id</c> arrives with <see cref="IsFromBot"/> true so the engine can ignore its own posts.
/// </summary>
/// <param name="ChannelType"><c>im</c>, <c>channel</c>, <c>group</c> or <c>mpim</c>.</param>
/// <param name="ThreadTs">Set when the message is a reply in a thread, so answers can go to the same thread.</param>
public sealed record SlackMessage(
    string UserId,
    string ChannelId,
    string ChannelType,
    string Text,
    string Ts,
    bool IsFromBot,
    bool IsMention = false,
    string? ThreadTs = null) : SlackIncoming;

/// <summary>A slash command such as <c>/teamcluster request</c>; <see cref="ResponseUrl"/> takes delayed answers.</summary>
public sealed record SlackSlashCommand(string UserId, string ChannelId, string Command, string Text, string ResponseUrl) : SlackIncoming;

/// <summary>A button press (<c>block_actions</c>) on a message the bot posted, e.g. Grant / Refuse.</summary>
/// <param name="MessageText">The pressed message's text as Slack holds it (already in Slack's markup); null on a Home tab.</param>
/// <param name="Label">The pressed button's text; null when Slack did not send it.</param>
/// <param name="Offered">
/// The pressed message, as Slack's signed payload shows it, is a bot's message at <see cref="MessageTs"/> that still
/// shows this very button (its action id and value): false for a press on anything else, or on a button already taken away.
/// </param>
public sealed record SlackBlockAction(
    string UserId, string ChannelId, string MessageTs, string ActionId, string Value, string? MessageText = null, string? Label = null, bool Offered = false)
    : SlackIncoming;

/// <summary>Someone opened the bot's App Home tab (<c>app_home_opened</c> with <c>tab: home</c>): time to publish it.</summary>
public sealed record SlackHomeOpened(string UserId) : SlackIncoming;
