using TeamClusterSync.App.Messages;

namespace TeamClusterSync.App.Ports;

/// <summary>Sends the app's messages to people and team channels (Slack, or the terminal).</summary>
public interface IMessageDelivery
{
    /// <summary>Sends each message in order; one that cannot be delivered is reported by the adapter and does not stop the rest.</summary>
    Task DeliverAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct);
}
