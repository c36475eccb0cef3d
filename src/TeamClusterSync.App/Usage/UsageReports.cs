using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Usage;

namespace TeamClusterSync.App.Usage;

/// <summary>A period's usage of some clusters, ordered by name.</summary>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<UsageFigures> Clusters);

/// <summary>
/// Computes usage from what the store already reads: each cluster's lease history (the <c>history</c> command's, with
/// its index) and its record's current phase and last release check. Phases and release checks before those are not in
/// the lease history, so hibernation counts from the current phase on and a dirty release only when it was the last.
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
        var figures = new List<UsageFigures>();
        foreach (var cluster in pick(config, snapshot).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var history = await leaseHistory.HistoryAsync(cluster.Name, ct);
            figures.Add(UsageCalculator.Compute(History(cluster, history, Record(snapshot, cluster)), from, to));
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
    /// The history, oldest first, as the calculator takes it. A revision that could not be read (a human's broken
    /// commit) changes nothing: the lease stays as it was before it, rather than looking free.
    /// </summary>
    internal static UsageHistory History(Cluster cluster, IReadOnlyList<LeaseTransition> newestFirst, ClusterRecord? record) =>
        new(cluster.Name, cluster.Team,
            [.. newestFirst.Reverse().Where(t => t.Unreadable is null).Select(t => new UsageStep(t.When, t.Actor, t.Action, t.State))],
            record?.Phase is { } phase ? [phase] : [],
            record?.LastRelease is { } release ? [release] : []);

    private static ClusterRecord? Record(StateSnapshot snapshot, Cluster cluster)
    {
        try
        {
            return snapshot.Record(cluster.Name);
        }
        catch (FormatException)
        {
            return null; // A broken record costs the hibernation and release figures, not the report.
        }
    }
}
