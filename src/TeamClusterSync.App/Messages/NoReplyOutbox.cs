using TeamClusterSync.App.Ports;

namespace TeamClusterSync.App.Messages;

/// <summary>For one-shot commands: their replies are printed by the same process that made the commit.</summary>
internal sealed class NoReplyOutbox : IReplyOutbox
{
    public void Save(string commit, IReadOnlyList<OutgoingMessage> replies)
    {
    }

    public void Delivered(string commit)
    {
    }

    public IReadOnlyList<PromisedReplies> Undelivered() => [];
}
