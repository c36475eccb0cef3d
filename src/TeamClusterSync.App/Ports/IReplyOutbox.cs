using TeamClusterSync.App.Messages;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// What a commit promised to tell people, kept from the moment the commit is on origin until its replies are
/// delivered, so a process that dies in between has a successor deliver them. Never holds a credential: replies are
/// kept without their attachments (a kubeconfig is minted again with <c>teamcluster auth</c>).
/// </summary>
public interface IReplyOutbox
{
    /// <summary>Keeps the replies <paramref name="commit"/> promised, until <see cref="Delivered"/>.</summary>
    void Save(string commit, IReadOnlyList<OutgoingMessage> replies);

    /// <summary>The replies of <paramref name="commit"/> went out.</summary>
    void Delivered(string commit);

    /// <summary>What an earlier process saved and never delivered, oldest first.</summary>
    IReadOnlyList<PromisedReplies> Undelivered();
}

/// <summary>The replies one commit promised, each stamped with it (<see cref="OutgoingMessage.Commit"/>).</summary>
public sealed record PromisedReplies(string Commit, IReadOnlyList<OutgoingMessage> Replies);
