using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Chat;

/// <summary>One line per cluster for <c>teamcluster status</c>: holders, readers, pings waiting for an answer, the line.</summary>
internal static class StatusLine
{
    /// <summary>The cluster's line as the snapshot has it; a lease file that cannot be read is said so, with where and why.</summary>
    public static string For(Cluster cluster, StateSnapshot snapshot, DateTimeOffset now) =>
        snapshot.LeaseProblem(cluster.Name) is { } problem
            ? $"{Head(cluster, snapshot.Record(cluster.Name))}: {BrokenLeaseText.Status(problem)}"
            : For(cluster, snapshot.Lease(cluster.Name), snapshot.Record(cluster.Name), now);

    public static string For(Cluster cluster, LeaseState lease, ClusterRecord? record, DateTimeOffset now)
    {
        var head = Head(cluster, record);
        var holders = lease.Holders.Where(h => h.Expires > now).ToList();
        var parts = new List<string>
        {
            holders.Count == 0
                ? "free"
                : "held by " + string.Join(", ", holders.Select(h => $"@{h.User} until {LeaseReplies.When(h.Expires)}")),
        };
        if (lease.Paused is { } paused)
        {
            parts.Add($"paused by @{paused.By} since {LeaseReplies.When(paused.Since)}: {paused.Reason}");
        }

        if (lease.Reprovision is { } asked)
        {
            parts.Add($"to be reprovisioned, as @{asked.By} asked at {LeaseReplies.When(asked.Since)}: {asked.Reason}");
        }

        var readers = lease.Readers.Where(r => r.Expires > now).ToList();
        if (readers.Count > 0)
        {
            parts.Add("read-only: " + string.Join(", ", readers.Select(r => "@" + r.User)));
        }

        if (holders.Count > 0 && lease.Pending.Count > 0)
        {
            parts.Add("asked by: " + string.Join(", ", lease.Pending.Select(p => "@" + p.User)));
        }

        if (lease.Line.Count > 0)
        {
            parts.Add(Line(lease));
        }

        if (record?.Phase is { } phase)
        {
            parts.Add(PhaseText.Status(phase));
        }

        if (record?.LastRelease is { } check)
        {
            parts.Add("last release: " + ReleaseText.Status(check));
        }

        return $"{head}: {string.Join("; ", parts)}";
    }

    private static string Head(Cluster cluster, ClusterRecord? record) =>
        (record?.ConsoleUrl ?? cluster.ConsoleUrl) is { Length: > 0 } console
            ? $"{cluster.Name} (OpenShift {cluster.Version}, {console})"
            : $"{cluster.Name} (OpenShift {cluster.Version})";

    /// <summary><c>in line: @a (offered until 15:30 UTC), @b</c>.</summary>
    private static string Line(LeaseState lease) =>
        "in line: " + string.Join(", ", lease.Line.Select(w => w.OfferedUntil is { } until ? $"@{w.User} (offered until {LeaseReplies.When(until)})" : "@" + w.User));
}
