using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// Runs a handler in the background after Slack has been answered. A failing handler is logged, never allowed to
/// take down the socket reader or the HTTP endpoint (the event was already acknowledged; there is no one to tell).
/// </summary>
internal static class SlackHandlerRunner
{
    public static Task RunAsync(Func<SlackIncoming, CancellationToken, Task> handler, SlackIncoming item, ILogger logger, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                try
                {
                    await handler(item, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Slack handler failed for {Kind}", item.GetType().Name);
                }
            },
            CancellationToken.None);
}
