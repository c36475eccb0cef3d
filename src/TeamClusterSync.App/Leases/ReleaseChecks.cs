using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Metrics;
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
    /// <summary>
    /// How long a release waits for the provider's look, started as the release is decided, so that its outcome is
    /// committed with the release and both go out in one push; a slower look is recorded on its own once it is done.
    /// </summary>
    public static readonly TimeSpan WithRelease = TimeSpan.FromMilliseconds(500);

    /// <summary>The provider's look at the cluster <paramref name="by"/> leaves, not recorded yet; null when it could not look (logged).</summary>
    public async Task<ReleaseCheck?> LookAsync(Cluster cluster, string by, CancellationToken ct)
    {
        try
        {
            return Outcome(await provider.CheckAsync(cluster, ct), ReleaseOutcome.Clean, by);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "release check of {Cluster} failed", cluster.Name);
            Count(cluster, "failed");
            return null;
        }
    }

    /// <summary>
    /// The check's outcome, recorded; null when the provider could not look (logged, and the holder is told).
    /// <paramref name="look"/>: the look already started for this release, else one is started now.
    /// </summary>
    public async Task<ReleaseCheck?> CheckAsync(Cluster cluster, string by, CommitSource source, CancellationToken ct, Task<ReleaseCheck?>? look = null) =>
        await (look ?? LookAsync(cluster, by, ct)) is { } check ? await RecordAsync(cluster, check, source, ct) : null;

    /// <summary>The record of <paramref name="check"/> on top of <paramref name="current"/>, to commit with the release.</summary>
    public static RecordChange Change(Cluster cluster, ReleaseCheck check, ClusterRecord? current) =>
        new(Next(cluster, check, current), Subject(cluster, check), check.By, "release-check");

    /// <summary>A check committed with its release (see <see cref="Change"/>) is counted like one recorded on its own.</summary>
    public static void Recorded(Cluster cluster, ReleaseCheck check) => Count(cluster, check.Outcome.ToString().ToLowerInvariant());

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
            if (await store.RecordClusterAsync(Next(cluster, check, current), current, Subject(cluster, check), source, check.By, "release-check", ct) is not null)
            {
                break;
            }
        }

        Recorded(cluster, check);
        return check;
    }

    private static ClusterRecord Next(Cluster cluster, ReleaseCheck check, ClusterRecord? current) =>
        (current ?? new ClusterRecord(cluster.Name, 1, check.At)) with { LastRelease = check };

    private static void Count(Cluster cluster, string outcome) =>
        TeamClusterSyncMetrics.ReleaseChecks.Add(1, TeamClusterSyncMetrics.Tag("cluster", cluster.Name), TeamClusterSyncMetrics.Tag("outcome", outcome));

    private static string Subject(Cluster cluster, ReleaseCheck check) => check.Outcome switch
    {
        ReleaseOutcome.Clean => $"cluster: {cluster.Name} checked clean after @{check.By}'s release",
        ReleaseOutcome.Restored => $"cluster: {cluster.Name} restored by @{check.By}",
        _ => $"cluster: {cluster.Name} left dirty after @{check.By}'s release: {check.Problems}",
    };
}
