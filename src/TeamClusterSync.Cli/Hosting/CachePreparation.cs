using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Once <c>serve</c> runs, brings the rest of a new cache's history in the background (a new cache answers and writes
/// from the tips alone) and indexes it, so nobody's first <c>history</c> pays for either. A failure is logged and
/// changes nothing: the first <c>history</c> then fetches it.
/// </summary>
internal sealed class CachePreparation(ILeaseHistory store, ILogger<CachePreparation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.PrepareAsync(stoppingToken);
            logger.LogInformation("the cache holds the whole history, indexed: history needs no extra fetch");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("could not bring the rest of the history into the cache yet ({Error}); the first history will", e.Message);
        }
    }
}
