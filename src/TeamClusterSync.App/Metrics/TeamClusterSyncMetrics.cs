using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TeamClusterSync.App.Metrics;

/// <summary>
/// The process-wide instruments every part records through (names as Prometheus shows them, minus the <c>_total</c>
/// and unit suffixes the exporter adds). Gauges that describe the state on origin belong to the host that reads it
/// (see the serve host); these count what this process did.
/// </summary>
public static class TeamClusterSyncMetrics
{
    public const string MeterName = "TeamClusterSync";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Seconds, for calls that take from milliseconds (a local fetch) to tens of seconds (a slow remote).</summary>
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Chat commands handled, by <c>command</c> and <c>outcome</c> (ok, failed).</summary>
    public static Counter<long> Commands { get; } = Meter.CreateCounter<long>("teamclustersync_commands", description: "Chat commands handled");

    public static Histogram<double> CommandDuration { get; } = Histogram("teamclustersync_command_duration", "Time to handle a chat command");

    public static Histogram<double> GitFetchDuration { get; } = Histogram("teamclustersync_git_fetch_duration", "Time to fetch the config repo");

    public static Histogram<double> GitPushDuration { get; } = Histogram("teamclustersync_git_push_duration", "Time to push a state commit");

    /// <summary>Pushes that lost a race (another writer moved the branch); the change is decided again on the new tip.</summary>
    public static Counter<long> GitPushConflicts { get; } = Meter.CreateCounter<long>("teamclustersync_git_push_conflicts", description: "Pushes that lost a race");

    /// <summary>Pushes the remote refused for another reason (a hook, branch protection).</summary>
    public static Counter<long> GitPushFailures { get; } = Meter.CreateCounter<long>("teamclustersync_git_push_failures", description: "Pushes the remote refused");

    /// <summary>Slack Web API calls by <c>method</c> (each HTTP attempt counts).</summary>
    public static Counter<long> SlackCalls { get; } = Meter.CreateCounter<long>("teamclustersync_slack_api_calls", description: "Slack Web API calls");

    /// <summary>Calls that ended in an error, by <c>method</c> and <c>error</c>.</summary>
    public static Counter<long> SlackErrors { get; } = Meter.CreateCounter<long>("teamclustersync_slack_api_errors", description: "Slack Web API errors");

    /// <summary>HTTP 429 answers by <c>method</c> (retried after Retry-After).</summary>
    public static Counter<long> SlackRateLimited { get; } = Meter.CreateCounter<long>("teamclustersync_slack_api_rate_limited", description: "Slack Web API 429 answers");

    /// <summary>Members added to or removed from Slack user groups by team sync, by <c>change</c> (added, removed).</summary>
    public static Counter<long> TeamSyncChanges { get; } = Meter.CreateCounter<long>("teamclustersync_team_sync_changes", description: "User group members added or removed");

    /// <summary>Clusters reprovisioned, by <c>cluster</c>.</summary>
    public static Counter<long> Reprovisions { get; } = Meter.CreateCounter<long>("teamclustersync_reprovisions", description: "Clusters reprovisioned");

    /// <summary>Provider calls that failed, by <c>cluster</c> and <c>effect</c>.</summary>
    public static Counter<long> ProviderFailures { get; } = Meter.CreateCounter<long>("teamclustersync_provider_failures", description: "Cluster provider failures");

    /// <summary>Release checks by <c>cluster</c> and <c>outcome</c> (clean, dirty).</summary>
    public static Counter<long> ReleaseChecks { get; } = Meter.CreateCounter<long>("teamclustersync_release_checks", description: "Release check outcomes");

    /// <summary>
    /// Time clusters spent in each <c>phase</c> (running, hibernating, resuming, pending, failed), by <c>cluster</c>, as
    /// the readiness sweep saw them (Prometheus: <c>..._seconds_total</c>; divide by 3600 for hours).
    /// </summary>
    public static Counter<double> ClusterPhaseTime { get; } =
        Meter.CreateCounter<double>("teamclustersync_cluster_phase_time", unit: "s", description: "Time clusters spent in each phase");

    /// <summary>
    /// Time clusters were held, by <c>cluster</c>, <c>team</c> and <c>mode</c> (read-write: someone held it read-write;
    /// read-only: someone had read-only access), as the scheduled usage sweep saw them (Prometheus: <c>..._seconds_total</c>).
    /// </summary>
    public static Counter<double> ClusterHeldTime { get; } =
        Meter.CreateCounter<double>("teamclustersync_cluster_held", unit: "s", description: "Time clusters were held, by mode");

    /// <summary>Seconds since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static double SecondsSince(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;

    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private static Histogram<double> Histogram(string name, string description) =>
        Meter.CreateHistogram(name, unit: "s", description: description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Seconds });
}
