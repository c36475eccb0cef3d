using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// The release check after the last read-write holder's <c>done</c>, and the <c>restore</c> answer to a dirty one: the
/// provider looks at the cluster, and the outcome (clean, restored, dirty with what is off) is recorded in
/// <c>state/clusters/&lt;cluster&gt;.yaml</c>, authored by the person it is about.
/// </summary>
public sealed class ReleaseChecks(IStateStore store, IClusterProvider provider, TimeProvider clock, ILogger<ReleaseChecks> logger)
{
    /// <summary>The check's outcome, recorded; null when the provider could not look (logged, and the holder is told).</summary>
    public async Task<ReleaseCheck?> CheckAsync(Cluster cluster, string by, CommitSource source, CancellationToken ct)
    {
        try
        {
            var problems = await provider.CheckAsync(cluster, ct);
            return await RecordAsync(cluster, Outcome(problems, ReleaseOutcome.Clean, by), source, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "release check of {Cluster} failed", cluster.Name);
            return null;
        }
    }

    /// <summary>Restores the cluster, checks it again and records the outcome; provider failures propagate with their one-line message.</summary>
    public async Task<ReleaseCheck> RestoreAsync(Cluster cluster, string by, CommitSource source, CancellationToken ct)
    {
        await provider.RestoreAsync(cluster, ct);
        var problems = await provider.CheckAsync(cluster, ct);
        return await RecordAsync(cluster, Outcome(problems, ReleaseOutcome.Restored, by), source, ct);
    }

    private ReleaseCheck Outcome(IReadOnlyList<string> problems, ReleaseOutcome whenClean, string by) =>
        new(problems.Count == 0 ? whenClean : ReleaseOutcome.Dirty, string.Join("; ", problems), clock.GetUtcNow(), by);

    /// <summary>Compare-and-swap on the record, again on a newer one when a reprovisioning got there first.</summary>
    private async Task<ReleaseCheck> RecordAsync(Cluster cluster, ReleaseCheck check, CommitSource source, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = (await store.ReadAsync(ct)).Record(cluster.Name);
            var next = (current ?? new ClusterRecord(cluster.Name, 1, check.At)) with { LastRelease = check };
            if (await store.RecordClusterAsync(next, current, Subject(cluster, check), source, check.By, "release-check", ct) is not null)
            {
                break;
            }
        }

        return check;
    }

    private static string Subject(Cluster cluster, ReleaseCheck check) => check.Outcome switch
    {
        ReleaseOutcome.Clean => $"cluster: {cluster.Name} checked clean after @{check.By}'s release",
        ReleaseOutcome.Restored => $"cluster: {cluster.Name} restored by @{check.By}",
        _ => $"cluster: {cluster.Name} left dirty after @{check.By}'s release: {check.Problems}",
    };
}
