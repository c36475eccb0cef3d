using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// Records in <c>state/clusters/&lt;cluster&gt;.yaml</c> what the provider says about a cluster that takes time to
/// run (Hive): its phase and since when, the running cluster's URLs, and who was granted it before it ran and is
/// owed credentials. Compare-and-swap on the record, again on a newer one when another writer got there first.
/// </summary>
public sealed class ClusterPhases(IStateStore store, TimeProvider clock)
{
    /// <summary>
    /// Records <paramref name="status"/>, and <paramref name="awaiting"/> as owed credentials; when the cluster runs,
    /// nobody is owed anything any more (the caller sends them). Returns the record before and after, or null when
    /// nothing changed.
    /// </summary>
    public async Task<PhaseChange?> RecordAsync(
        Cluster cluster, ClusterStatus status, IReadOnlyList<string> awaiting, CommitSource source, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = (await store.ReadAsync(ct)).Record(cluster.Name);
            var next = Next(cluster, current, status, awaiting);
            if (next == current)
            {
                return null;
            }

            if (await store.RecordClusterAsync(next, current, Subject(cluster, next, awaiting), source, action: "provider-status", ct: ct) is not null)
            {
                return new PhaseChange(current, next);
            }
        }

        return null;
    }

    private ClusterRecord Next(Cluster cluster, ClusterRecord? current, ClusterStatus status, IReadOnlyList<string> awaiting)
    {
        var now = clock.GetUtcNow();
        var record = current ?? new ClusterRecord(cluster.Name, 1, now);
        var phase = record.Phase is { } seen && seen.Kind == status.Phase && seen.Reason == status.Reason
            ? seen
            : new ClusterPhase(status.Phase, now, status.Reason, status.Message);
        var running = status.Phase == PhaseKind.Running;
        return record with
        {
            Phase = phase,
            ConsoleUrl = running ? status.ConsoleUrl : record.ConsoleUrl,
            ApiUrl = running ? status.ApiUrl : record.ApiUrl,
            AwaitingCredentials = running ? "" : string.Join(' ', record.Awaiting.Union(awaiting, StringComparer.OrdinalIgnoreCase)),
        };
    }

    private static string Subject(Cluster cluster, ClusterRecord next, IReadOnlyList<string> awaiting)
    {
        var phase = next.Phase!;
        var what = phase.Kind == PhaseKind.Running
            ? $"cluster: {cluster.Name} is running ({next.ConsoleUrl})"
            : $"cluster: {cluster.Name} is {phase.Kind.ToString().ToLowerInvariant()} ({phase.Reason})";
        return awaiting.Count == 0 ? what : $"{what}; credentials owed to {string.Join(", ", awaiting.Select(a => "@" + a))}";
    }
}

/// <summary>A recorded change of a cluster's record: <see cref="Before"/> is null for a cluster first recorded.</summary>
public sealed record PhaseChange(ClusterRecord? Before, ClusterRecord After)
{
    /// <summary>A problem (an empty pool, a cluster Hive gave up on) that was not the case before: to be told once.</summary>
    public bool ProblemStarted =>
        After.Phase is { } phase && PhaseText.IsProblem(phase) && !(Before?.Phase is { } was && was.Kind == phase.Kind && was.Reason == phase.Reason);
}
