using Microsoft.Extensions.Hosting;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Why <c>serve</c> stopped when nobody asked it to: a part of it (Socket Mode reading a reply it cannot parse, say)
/// failed for good, and the host stopped. That is exit code 1 with the reason, not a clean 0 a supervisor would
/// take for a deliberate stop.
/// </summary>
internal static class ServeFailure
{
    /// <summary>The first background part that failed, in one line; null when all ended cleanly.</summary>
    public static string? Of(IEnumerable<IHostedService> hosted) =>
        hosted.OfType<BackgroundService>().Select(s => s.ExecuteTask?.Exception?.InnerException).OfType<Exception>()
            .Select(e => $"serve stopped: {e.Message}").FirstOrDefault();
}
