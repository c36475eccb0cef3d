using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Keeps <c>serve</c>'s shared snapshot of the config repo fresh in the background, so commands, Home, the sweeps and
/// <c>/metrics</c> read it without waiting for git, and a person's commit to <c>teams/</c> or <c>clusters/</c> takes
/// effect within the store's bound. A failed fetch is logged once per reason; readers find out through their own read.
/// </summary>
internal sealed class SnapshotRefresh(IStateStore store, ILogger<SnapshotRefresh> logger) : BackgroundService
{
    private string? lastProblem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.KeepFreshAsync(Failed, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Failed(Exception e)
    {
        if (e.Message != lastProblem)
        {
            logger.LogWarning("could not fetch the config repo in the background ({Error}); trying again", e.Message);
            lastProblem = e.Message;
        }
    }
}
