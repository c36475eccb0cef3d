using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Once <c>serve</c> runs, brings the rest of a new cache's history in the background (a new cache answers reads from
/// the tips alone) and indexes it for <c>history</c>. A leader writes soon anyway; a replica waiting for the Lease would otherwise pay for it in the
/// first command someone sends it. A failure is logged and changes nothing: the first write then fetches it.
/// </summary>
internal sealed class CachePreparation(IStateStore store, ILogger<CachePreparation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.PrepareAsync(stoppingToken);
            logger.LogInformation("the cache holds the whole history, indexed: writes and history need no extra fetch");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("could not bring the rest of the history into the cache yet ({Error}); the first write will", e.Message);
        }
    }
}
