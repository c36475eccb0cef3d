using System.Text.Json.Nodes;

namespace TeamClusterSync.Slack.Models.Requests;

/// <summary>chat.postMessage. <paramref name="Text"/> is always sent: it is the notification and fallback text.</summary>
/// <param name="Blocks">Block Kit layout (see <see cref="Blocks.SlackBlocks"/>); null for plain text.</param>
public sealed record PostMessageRequest(string Channel, string Text, JsonArray? Blocks = null, string? ThreadTs = null);

/// <summary>chat.postEphemeral: visible to <paramref name="User"/> only.</summary>
public sealed record PostEphemeralRequest(string Channel, string User, string Text, JsonArray? Blocks = null);

/// <summary>chat.update: replaces text (and blocks) of the message at <paramref name="Ts"/>, e.g. to remove buttons once answered.</summary>
public sealed record UpdateMessageRequest(string Channel, string Ts, string Text, JsonArray? Blocks = null);
