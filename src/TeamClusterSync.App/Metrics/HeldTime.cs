using System.Collections.Concurrent;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Metrics;

/// <summary>
/// Counts <see cref="TeamClusterSyncMetrics.ClusterHeldTime"/>: the time between two looks at a cluster counts for the
/// modes it was held in at the first of them (access that had run out by then does not count). In memory, on the
/// replica that runs the schedule: after a restart or a change of leader the count goes on from the next look, so
/// replicas never count the same time twice.
/// </summary>
internal sealed class HeldTime
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, bool ReadWrite, bool ReadOnly)> seen = new(StringComparer.Ordinal);

    public void Observe(Cluster cluster, LeaseState lease, DateTimeOffset now)
    {
        var readWrite = lease.Holders.Any(h => h.Mode == AccessMode.ReadWrite && h.Expires > now);
        var readOnly = lease.Readers.Any(r => r.Expires > now) || lease.Holders.Any(h => h.Mode == AccessMode.ReadOnly && h.Expires > now);
        if (seen.TryGetValue(cluster.Name, out var before) && now > before.At)
        {
            var seconds = (now - before.At).TotalSeconds;
            Count(cluster, before.ReadWrite, "read-write", seconds);
            Count(cluster, before.ReadOnly, "read-only", seconds);
        }

        seen[cluster.Name] = (now, readWrite, readOnly);
    }

    private static void Count(Cluster cluster, bool held, string mode, double seconds)
    {
        if (held)
        {
            TeamClusterSyncMetrics.ClusterHeldTime.Add(
                seconds, TeamClusterSyncMetrics.Tag("cluster", cluster.Name), TeamClusterSyncMetrics.Tag("team", cluster.Team), TeamClusterSyncMetrics.Tag("mode", mode));
        }
    }
}
