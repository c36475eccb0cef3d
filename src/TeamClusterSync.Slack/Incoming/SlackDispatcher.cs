using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// Runs the handler in the background after Slack has been answered, one item at a time per Slack user and in the
/// order they arrived: a person who sends <c>request</c> then <c>done</c> gets the kubeconfig before the "released"
/// message, never after. Different people are handled concurrently. A failing handler is logged, never allowed to
/// take down the socket reader or the HTTP endpoint (the event was already acknowledged). An item the
/// <paramref name="journal"/> holds is struck from it once handled, or once its handler failed for good; one cut off
/// by shutdown stays, for the next start.
/// </summary>
internal sealed class SlackDispatcher(Func<SlackIncoming, CancellationToken, Task> handler, HandledEvents handled, ILogger logger, EventJournal? journal = null)
{
    private readonly Dictionary<string, Task> tails = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>
    /// Queues <paramref name="item"/> behind the same user's earlier items; <paramref name="deliveryId"/> (Slack's event
    /// or envelope id) is recorded as handled once the handler finished, so a redelivery after a restart is dropped.
    /// </summary>
    public Task Dispatch(SlackIncoming item, string? deliveryId, CancellationToken ct, string? journalKey = null)
    {
        var user = UserOf(item);
        lock (gate)
        {
            var previous = tails.GetValueOrDefault(user) ?? Task.CompletedTask;
            var next = previous.ContinueWith(_ => RunAsync(item, deliveryId, journalKey, ct), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            tails[user] = next;
            _ = next.ContinueWith(_ => Forget(user, next), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return next;
        }
    }

    /// <summary>Writes <paramref name="item"/> to the journal before it is acknowledged; a disk that refuses costs only the crash-safety of this item.</summary>
    public void Journal(string key, SlackIncoming item)
    {
        try
        {
            journal?.Record(key, item);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("could not journal {Id} ({Error}); it is handled, but a crash now would drop it", key, e.Message);
        }
    }

    /// <summary>What a crash left acknowledged but unhandled goes to the handler first; what was handled but not struck is struck.</summary>
    public void ResumeUnfinished(CancellationToken ct)
    {
        foreach (var (key, item) in journal?.Unfinished() ?? [])
        {
            if (handled.TryAdd(key))
            {
                logger.LogWarning("Handling {Kind} {Id}, acknowledged before a restart but not finished", item.GetType().Name, key);
                _ = Dispatch(item, key, ct, key);
            }
            else
            {
                journal!.Complete(key);
            }
        }
    }

    private async Task RunAsync(SlackIncoming item, string? deliveryId, string? journalKey, CancellationToken ct)
    {
        try
        {
            await handler(item, ct);
            if (deliveryId is not null)
            {
                handled.MarkHandled(deliveryId);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // shutting down: the journal keeps it for the next start
        }
        catch (Exception e)
        {
            logger.LogError(e, "Slack handler failed for {Kind}", item.GetType().Name);
        }

        if (journalKey is not null)
        {
            journal?.Complete(journalKey);
        }
    }

    /// <summary>Drops a user's queue once it ran dry, so memory follows the people active right now.</summary>
    private void Forget(string user, Task finished)
    {
        lock (gate)
        {
            if (tails.GetValueOrDefault(user) == finished)
            {
                tails.Remove(user);
            }
        }
    }

    private static string UserOf(SlackIncoming item) => item switch
    {
        SlackMessage m => m.UserId,
        SlackSlashCommand c => c.UserId,
        SlackBlockAction a => a.UserId,
        _ => "",
    };
}
