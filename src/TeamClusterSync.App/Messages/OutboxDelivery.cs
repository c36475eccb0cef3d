using TeamClusterSync.App.Ports;

namespace TeamClusterSync.App.Messages;

/// <summary>Delivers through <paramref name="inner"/>, then strikes the commits those replies were promised by from the outbox.</summary>
public sealed class OutboxDelivery(IMessageDelivery inner, IReplyOutbox outbox) : IMessageDelivery
{
    public async Task DeliverAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        await inner.DeliverAsync(messages, ct);
        foreach (var commit in messages.Select(m => m.Commit).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            outbox.Delivered(commit);
        }
    }
}
