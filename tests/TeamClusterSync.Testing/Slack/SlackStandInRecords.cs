namespace TeamClusterSync.Testing.Slack;

/// <summary>One Web API call as the stand-in received it, including calls it answered with a fault.</summary>
/// <param name="Args">Arguments from the JSON body or form; non-string JSON values as their JSON text.</param>
/// <param name="Token">The bearer token sent, or null.</param>
/// <param name="Status">The HTTP status answered (200, 429, 500).</param>
public sealed record SlackCall(string Method, IReadOnlyDictionary<string, string> Args, string? Token, DateTimeOffset At, int Status)
{
    /// <summary>The User-Agent header sent, "" when none.</summary>
    public string UserAgent { get; init; } = "";

    public string? Arg(string name) => Args.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A user the stand-in workspace knows; <see cref="IsGuest"/> answers as a restricted (guest) account, <see cref="IsStranger"/>
/// as a Slack Connect user of another organisation (Slack then names that organisation's <see cref="TeamId"/>).
/// </summary>
public sealed record StandInUser(string Id, string Name, string? Email, bool IsBot = false, bool Deleted = false, bool IsGuest = false)
{
    public bool IsStranger { get; init; }

    public string TeamId { get; init; } = SlackStandIn.TeamId;

    public bool EmailConfirmed { get; init; } = true;
}

/// <summary>A user group; <see cref="Enabled"/> false after usergroups.disable.</summary>
public sealed record StandInUsergroup(string Id, string Handle, string Name, string? Description, IReadOnlyList<string> Users, bool Enabled);

/// <summary>A message posted by the bot; <see cref="EphemeralUser"/> set for chat.postEphemeral.</summary>
/// <param name="Blocks">The blocks argument as JSON text, or null.</param>
public sealed record PostedMessage(string Channel, string Ts, string Text, string? Blocks, string? ThreadTs, string? EphemeralUser, int Edits);

/// <summary>A file whose upload was completed, and the channel it was shared to.</summary>
public sealed record UploadedFile(string FileId, string FileName, string Title, byte[] Content, string ChannelId, string? InitialComment);

/// <summary>What happened to a Socket Mode socket, in order: <c>opened</c>, <c>closed</c> (by the client), <c>dropped</c> or <c>silenced</c>.</summary>
public sealed record SocketEvent(string Kind, int Socket, DateTimeOffset At);

/// <summary>An acknowledgement the client sent; <see cref="Payload"/> is the optional response payload JSON.</summary>
public sealed record SocketAck(string EnvelopeId, int Socket, string? Payload);
