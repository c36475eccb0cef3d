using Microsoft.Extensions.Logging;
using Quartz;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Runs one reconciler on its Quartz schedule and delivers what it says. One run at a time; a failed run is logged
/// and retried by the next. Jobs marked with <see cref="ReportsReadiness"/> drive <c>/readyz</c>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReconcileJob<TReconciler>(TReconciler reconciler, IMessageDelivery delivery, Readiness readiness, ILogger<TReconciler> logger) : IJob
    where TReconciler : IReconciler
{
    /// <summary>Job data key: true when this job's failures mean the bot cannot read its config repo.</summary>
    public const string ReportsReadiness = "reportsReadiness";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var reports = context.MergedJobDataMap.GetBoolean(ReportsReadiness);
        try
        {
            var messages = await reconciler.ReconcileAsync(cancellationToken);
            if (reports)
            {
                readiness.Succeeded();
            }

            await delivery.DeliverAsync(messages, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (reports)
            {
                readiness.Failed(e.Message);
            }

            logger.LogError(e, "{Reconciler} failed; the next run retries", typeof(TReconciler).Name);
        }
    }
}
