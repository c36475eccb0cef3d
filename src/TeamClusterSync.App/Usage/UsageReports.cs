using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Usage;

namespace TeamClusterSync.App.Usage;

/// <summary>A period's usage of some clusters, ordered by name.</summary>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<UsageFigures> Clusters);

/// <summary>
/// Computes usage from git: each cluster's lease history (the <c>history</c> command's, with its index), and the history
/// of the cluster records, for the phases (hibernation) and the release checks (dirty releases).
/// </summary>
public sealed class UsageReports(IStateStore store, ILeaseHistory leaseHistory, ConfigCache configs, TimeProvider clock)
{
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The usage of the clusters <paramref name="pick"/> chooses over the <paramref name="period"/> up to now.</summary>
    public Task<UsageReport> ReportAsync(TimeSpan period, Func<ConfigRepository, StateSnapshot, IEnumerable<Cluster>> pick, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return ReportAsync(now - period, now, pick, ct);
    }

    /// <summary>The usage of the clusters <paramref name="pick"/> chooses from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <exception cref="InvalidOperationException">No good config revision was ever read; the message says why.</exception>
    public async Task<UsageReport> ReportAsync(
        DateTimeOffset from, DateTimeOffset to, Func<ConfigRepository, StateSnapshot, IEnumerable<Cluster>> pick, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem) ?? throw new InvalidOperationException(problem);
        var clusters = pick(config, snapshot).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var records = clusters.Count == 0 ? new Dictionary<string, IReadOnlyList<ClusterRecordChange>>() : await leaseHistory.RecordHistoryAsync(ct);
        var figures = new List<UsageFigures>();
        foreach (var cluster in clusters)
        {
            var history = await leaseHistory.HistoryAsync(cluster.Name, ct);
            figures.Add(UsageCalculator.Compute(History(cluster, history, records.GetValueOrDefault(cluster.Name) ?? []), from, to));
        }

        return new UsageReport(from, to, figures);
    }

    /// <summary>Every cluster of the config.</summary>
    public static IEnumerable<Cluster> All(ConfigRepository config, StateSnapshot snapshot) => config.Clusters;

    /// <summary>The clusters of one team.</summary>
    public static Func<ConfigRepository, StateSnapshot, IEnumerable<Cluster>> OfTeam(string team) =>
        (config, _) => config.Clusters.Where(c => c.Team == team);

    /// <summary>The clusters of the teams <paramref name="login"/> is on.</summary>
    public static Func<ConfigRepository, StateSnapshot, IEnumerable<Cluster>> OfMember(string login) =>
        (config, snapshot) => Membership.TeamsOf(config, snapshot, login).SelectMany(config.ClustersOf);

    /// <summary>
    /// The history, oldest first, as the calculator takes it. A lease revision that could not be read (a human's broken
    /// commit) changes nothing: the lease stays as it was before it, rather than looking free. Each phase and release
    /// check counts once, however many later commits of the record still carry it.
    /// </summary>
    internal static UsageHistory History(Cluster cluster, IReadOnlyList<LeaseTransition> newestFirst, IReadOnlyList<ClusterRecordChange> records) =>
        new(cluster.Name, cluster.Team,
            [.. newestFirst.Reverse().Where(t => t.Unreadable is null).Select(t => new UsageStep(t.When, t.Actor, t.Action, t.State))],
            [.. records.Select(r => r.Record.Phase).OfType<ClusterPhase>().Distinct()],
            [.. records.Select(r => r.Record.LastRelease).OfType<ReleaseCheck>().Distinct()]);
}
