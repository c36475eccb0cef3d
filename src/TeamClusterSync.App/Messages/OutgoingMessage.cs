namespace TeamClusterSync.App.Messages;

/// <summary>Who a message goes to: one person (privately) or a team channel.</summary>
public abstract record Recipient
{
    /// <summary>A direct message to a GitHub login; front ends map it to their own user id.</summary>
    public sealed record User(string Login) : Recipient
    {
        public override string ToString() => "@" + Login;
    }

    /// <summary>A team channel, by name, without '#'.</summary>
    public sealed record Channel(string Name) : Recipient
    {
        public override string ToString() => "#" + Name;
    }
}

/// <summary>A file sent with a message. Kubeconfigs only ever go to a <see cref="Recipient.User"/>.</summary>
public sealed record Attachment(string FileName, string Content);

/// <summary>A button a front end may offer; pressing it sends <see cref="Command"/> as if typed by the presser.</summary>
public sealed record ReplyButton(string Label, string Command, bool Primary = false);

/// <summary>One message the bot sends, in the order it should appear.</summary>
public sealed record OutgoingMessage(Recipient To, string Text, Attachment? Attachment = null, IReadOnlyList<ReplyButton>? Buttons = null)
{
    /// <summary>The commit that promised this message, when one did (see <see cref="Ports.IReplyOutbox"/>).</summary>
    public string? Commit { get; init; }

    /// <summary>A plain direct message to a GitHub login.</summary>
    public static OutgoingMessage Direct(string login, string text) => new(new Recipient.User(login), text);
}
