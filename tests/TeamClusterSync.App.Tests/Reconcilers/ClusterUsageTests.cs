using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.App.Tests.Reconcilers;

/// <summary>What the readiness sweep counts between its looks: time per phase (hours running and hibernating), and how long a running cluster has been unused.</summary>
public sealed class ClusterUsageTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_between_looks_counts_for_the_phase_seen_at_the_first_of_them()
    {
        var cluster = $"usage-{Guid.NewGuid():N}";
        var counted = new List<(double Seconds, string Phase)>();
        using var listener = CounterListener.Listen("teamclustersync_cluster_phase_time", cluster, "phase", counted);
        var usage = new ClusterUsage();

        usage.Observe(cluster, PhaseKind.Running, inUse: true, Start);
        usage.Observe(cluster, PhaseKind.Hibernating, inUse: false, Start.AddHours(3));
        usage.Observe(cluster, PhaseKind.Running, inUse: false, Start.AddHours(13));

        Assert.Equal([(3 * 3600d, "running"), (10 * 3600d, "hibernating")], counted);
    }

    [Fact]
    public void A_running_cluster_is_idle_from_the_first_look_that_found_it_unused_and_any_use_starts_over()
    {
        var usage = new ClusterUsage();

        var first = usage.Observe("c", PhaseKind.Running, inUse: false, Start);
        var later = usage.Observe("c", PhaseKind.Running, inUse: false, Start.AddMinutes(90));
        var used = usage.Observe("c", PhaseKind.Running, inUse: true, Start.AddMinutes(91));
        var again = usage.Observe("c", PhaseKind.Running, inUse: false, Start.AddMinutes(120));
        var resuming = usage.Observe("c", PhaseKind.Resuming, inUse: false, Start.AddMinutes(200));

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMinutes(90), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero],
            [first, later, used, again, resuming]);
    }
}
