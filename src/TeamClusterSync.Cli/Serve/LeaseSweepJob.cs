using Microsoft.Extensions.Logging;
using Quartz;
using TeamClusterSync.Bot.Engine;
using TeamClusterSync.Slack.Bot;

namespace TeamClusterSync.Cli.Serve;

/// <summary>
/// Every <see cref="CommandEngine.SweepPeriod"/>: remind holders whose lease is about to end, release the leases that
/// ran out, reprovision the clusters whose time has come, and tell the people concerned in Slack. One run at a time;
/// a failed run is retried by the next.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class LeaseSweepJob(CommandEngine engine, SlackBot bot, Readiness readiness, ILogger<LeaseSweepJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var messages = await engine.ExpireAsync(cancellationToken);
            readiness.Succeeded();
            await bot.DeliverAsync(messages, cancellationToken);
            await bot.DeliverAsync(await engine.ReprovisionAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            readiness.Failed(e.Message);
            logger.LogError(e, "lease sweep failed; the next run retries");
        }
    }
}
