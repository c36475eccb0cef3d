using Microsoft.Extensions.Logging;
using Quartz;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Runs one reconciler on its Quartz schedule and delivers what it says. One run at a time; a failed run is logged
/// and retried by the next. (<c>/readyz</c> is the <see cref="ReadinessProbe"/>'s: it runs on every replica, jobs only on the leader.)
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReconcileJob<TReconciler>(TReconciler reconciler, IMessageDelivery delivery, JobRuns runs, ILogger<TReconciler> logger) : IJob
    where TReconciler : IReconciler
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        // Interrupted when this replica loses leadership: the run stops at once.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        runs.Started();
        try
        {
            var messages = await reconciler.ReconcileAsync(stop.Token);
            await delivery.DeliverAsync(messages, stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Reconciler} failed; the next run retries", typeof(TReconciler).Name);
        }
        finally
        {
            runs.Ended(context.JobDetail.Key.Name);
        }
    }
}
