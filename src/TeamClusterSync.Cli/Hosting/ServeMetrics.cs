using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// This host's gauges: whether it runs the scheduled jobs, whether it is ready and what is degraded (as
/// <c>/readyz</c> says), and the lease holders and pending pings as the state on origin says (as of the shared
/// snapshot, see <see cref="RefreshAsync"/>). Its meter has a name of its own, so
/// two hosts in one process (tests) never report each other's gauges.
/// </summary>
internal sealed class ServeMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly IStateStore store;
    private readonly ConfigCache configs;
    private readonly ILogger<ServeMetrics> logger;
    private volatile Measurement<long>[] holders = [];
    private volatile Measurement<long>[] pings = [];

    /// <summary>The snapshot the gauges show: a scrape of the same one computes nothing again.</summary>
    private volatile StateSnapshot? shown;

    public ServeMetrics(string meterName, IStateStore store, ConfigCache configs, ScheduledJobs jobs, Readiness readiness, ILogger<ServeMetrics> logger)
    {
        this.store = store;
        this.configs = configs;
        this.logger = logger;
        meter = new Meter(meterName);
        meter.CreateObservableGauge("teamclustersync_leader", () => jobs.Running ? 1 : 0, description: "1 while this replica runs the scheduled jobs");
        meter.CreateObservableGauge("teamclustersync_ready", () => readiness.IsReady ? 1 : 0, description: "1 while this replica takes and journals events (/readyz answers 200)");
        meter.CreateObservableGauge("teamclustersync_degraded", () => Degraded(readiness), description: "1 while a part is degraded (/readyz says why): config, slack");
        meter.CreateObservableGauge("teamclustersync_lease_holders", () => holders, description: "People holding each cluster on origin, by mode");
        meter.CreateObservableGauge("teamclustersync_pending_pings", () => pings, description: "Pings waiting for the holder's answer on origin");
    }

    public static string NewMeterName() => $"{TeamClusterSyncMetrics.MeterName}.Serve.{Guid.NewGuid():N}";

    /// <summary>
    /// The gauges from the store's shared snapshot, which the background keeps fresh: no git request once the process
    /// has read the state (only a scrape before that waits for the first read, bounded), so no number of scrapers can
    /// slow the bot. When the state cannot be read, the gauges keep what they had and the log says why.
    /// </summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var snapshot = store.Latest ?? await FirstReadAsync(ct);
            if (ReferenceEquals(snapshot, shown))
            {
                return;
            }

            var config = configs.Get(snapshot, out _);
            var leases = (config?.Clusters ?? []).Where(c => snapshot.LeaseProblem(c.Name) is null).Select(c => (c.Name, c.Team, Lease: snapshot.Lease(c.Name))).ToList();
            holders = [.. leases.SelectMany(l => Holders(l.Name, l.Team, l.Lease))];
            pings = [.. leases.Select(l => new Measurement<long>(l.Lease.Pending.Count, TeamClusterSyncMetrics.Tag("cluster", l.Name)))];
            shown = snapshot;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException or FormatException)
        {
            logger.LogWarning("metrics: could not read the state: {Error}", e.Message);
        }
    }

    private async Task<StateSnapshot> FirstReadAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        return await store.ReadAsync(bounded.Token);
    }

    public void Dispose() => meter.Dispose();

    private static Measurement<long>[] Degraded(Readiness readiness) =>
    [
        new(readiness.ConfigDegraded ? 1 : 0, TeamClusterSyncMetrics.Tag("part", "config")),
        new(readiness.SlackDegraded ? 1 : 0, TeamClusterSyncMetrics.Tag("part", "slack")),
    ];

    private static IEnumerable<Measurement<long>> Holders(string cluster, string team, LeaseState lease)
    {
        var readWrite = lease.Holders.Count(h => h.Mode == AccessMode.ReadWrite);
        var readOnly = lease.Holders.Count(h => h.Mode == AccessMode.ReadOnly) + lease.Readers.Count;
        yield return new(readWrite, Tags(cluster, team, "read-write"));
        yield return new(readOnly, Tags(cluster, team, "read-only"));
    }

    private static KeyValuePair<string, object?>[] Tags(string cluster, string team, string mode) =>
        [TeamClusterSyncMetrics.Tag("cluster", cluster), TeamClusterSyncMetrics.Tag("team", team), TeamClusterSyncMetrics.Tag("mode", mode)];
}
