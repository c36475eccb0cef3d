using System.Collections.Concurrent;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// What the readiness sweep saw of each cluster between its runs, in this process: the time spent in each phase
/// (counted into <see cref="TeamClusterSyncMetrics.ClusterPhaseTime"/>: hours running and hibernating per cluster), and
/// since when a running cluster has been unused. Kept in memory on purpose: after a restart or a new leader the idle
/// time starts again from zero, so a cluster is hibernated later, never earlier.
/// </summary>
internal sealed class ClusterUsage
{
    private readonly ConcurrentDictionary<string, Seen> seen = new(StringComparer.Ordinal);

    /// <summary>Records this look at <paramref name="cluster"/>; returns for how long it has been running unused (zero when in use or not running).</summary>
    public TimeSpan Observe(string cluster, PhaseKind phase, bool inUse, DateTimeOffset now)
    {
        var idle = phase == PhaseKind.Running && !inUse;
        var before = seen.GetValueOrDefault(cluster);
        if (before is not null && now > before.At)
        {
            TeamClusterSyncMetrics.ClusterPhaseTime.Add(
                (now - before.At).TotalSeconds, TeamClusterSyncMetrics.Tag("cluster", cluster), TeamClusterSyncMetrics.Tag("phase", before.Phase.ToString().ToLowerInvariant()));
        }

        var idleSince = idle ? before?.IdleSince ?? now : (DateTimeOffset?)null;
        seen[cluster] = new Seen(now, phase, idleSince);
        return idleSince is { } since ? now - since : TimeSpan.Zero;
    }

    private sealed record Seen(DateTimeOffset At, PhaseKind Phase, DateTimeOffset? IdleSince);
}
