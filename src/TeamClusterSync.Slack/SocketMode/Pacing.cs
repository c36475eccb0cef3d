namespace TeamClusterSync.Slack.SocketMode;

/// <summary>
/// How long to wait before each <c>apps.connections.open</c> (Tier 1: about one a minute sustained). The first try after
/// a socket that stayed up for <see cref="SocketModeOptions.StableAfter"/> goes at once (a routine refresh); every try
/// after that waits longer, doubling up to <see cref="SocketModeOptions.MaxReconnectDelay"/>, with jitter so replicas
/// that lost Slack together do not come back together. Failed opens, refused sockets (<c>too_many_websockets</c>) and
/// sockets that die young all count, so no path reconnects in a loop.
/// </summary>
internal sealed class Pacing(SocketModeOptions options)
{
    private readonly TimeProvider clock = TimeProvider.System;
    private int attempts;

    /// <summary>The wait before the next try; counts the try.</summary>
    public TimeSpan NextDelay()
    {
        var n = Interlocked.Increment(ref attempts) - 1;
        if (n == 0)
        {
            return TimeSpan.Zero;
        }

        var delay = options.InitialReconnectDelay * Math.Pow(2, Math.Min(n - 1, 16));
        var capped = delay > options.MaxReconnectDelay ? options.MaxReconnectDelay : delay;
        return capped * (0.5 + (Random.Shared.NextDouble() * 0.5));
    }

    /// <summary>Slack said hello on <paramref name="connection"/>.</summary>
    public void Hello(SocketModeConnection connection) => connection.HelloAt = this.clock.GetUtcNow();

    /// <summary><paramref name="connection"/> ended; if it served long enough, the next try goes at once.</summary>
    public void Ended(SocketModeConnection connection)
    {
        if (connection.HelloAt is { } at && this.clock.GetUtcNow() - at >= options.StableAfter)
        {
            Volatile.Write(ref attempts, 0);
        }
    }
}
