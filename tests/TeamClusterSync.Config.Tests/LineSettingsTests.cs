using TeamClusterSync.Core.Diagnostics;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary><c>lease.offerWindow</c> and <c>lease.pingTimeout</c>: the cluster's own, else the defaults', else 15m and 2h.</summary>
public sealed class LineSettingsTests
{
    [Fact]
    public void A_cluster_without_them_gets_the_defaults_and_its_own_win_over_them()
    {
        using var repo = new RepoFixture()
            .Write("teamclustersync.yaml", Settings + "defaults:\n  lease:\n    offerWindow: 30m\n    pingTimeout: 4h\n")
            .Write("clusters/c.yaml", RepoFixture.Cluster)
            .Write("clusters/d.yaml", RepoFixture.Cluster.Replace("name: c", "name: d", StringComparison.Ordinal) + "lease:\n  offerWindow: 5m\n");

        var config = repo.Load().Config!;

        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)), (config.FindCluster("c")!.Lease.OfferWindow, config.FindCluster("c")!.Lease.PingTimeout));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromHours(4)), (config.FindCluster("d")!.Lease.OfferWindow, config.FindCluster("d")!.Lease.PingTimeout));
    }

    [Fact]
    public void Without_any_setting_an_offer_lasts_15_minutes_and_a_ping_waits_2_hours()
    {
        using var repo = new RepoFixture().Write("clusters/c.yaml", RepoFixture.Cluster);

        var lease = repo.Load().Config!.FindCluster("c")!.Lease;

        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)), (lease.OfferWindow, lease.PingTimeout));
    }

    [Fact]
    public void A_window_that_is_not_a_duration_is_pointed_at()
    {
        AssertErrors("clusters/c.yaml", RepoFixture.Cluster + "lease:\n  offerWindow: soon\n",
            new Diagnostic("clusters/c.yaml", 8, 16, "'lease.offerWindow' is not a duration: 'soon'; write a number and a unit, e.g. 90m, 8h, 2d"));
    }
}
