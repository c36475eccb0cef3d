using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.App.Home;

/// <summary>
/// Delivers through <paramref name="inner"/>, then refreshes the Home views and channel status of the teams the messages
/// concern. Every lease change is told to someone (the actor at least), so every change passes here, from chat and
/// from the schedule alike; a command that changes nothing refreshes nothing visible, since unchanged views are not sent.
/// </summary>
public sealed class HomeRefreshingDelivery(IMessageDelivery inner, HomeService home) : IMessageDelivery
{
    public async Task DeliverAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        await inner.DeliverAsync(messages, ct);
        await home.RefreshAfterAsync(messages, ct);
    }
}
