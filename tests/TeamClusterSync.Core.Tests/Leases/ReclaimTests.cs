using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Tests.Leases;

public class ReclaimTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 5, 0, 0, TimeSpan.Zero);
    private static readonly Cluster Cluster = new(
        "team-rhcos", "redhat-coreos", "4.6", "https://console.example.com/", ProviderSpec.Simulated,
        new ReprovisionPolicy(null, WhenLeased.Force, null), LeasePolicy.Default);

    [Fact]
    public void Reclaiming_releases_everyone_and_tells_each_of_them()
    {
        var state = LeaseState.Free("team-rhcos") with
        {
            Holders = [new Holder("miabbott", AccessMode.ReadWrite, Now.AddHours(-1), Now.AddHours(7))],
            Readers = [new Reader("jlebon", Now.AddHours(-1), Now.AddHours(7))],
            Pending = [new PendingRequest("cgwalters", Now.AddMinutes(-5))],
        };

        var decision = LeaseEngine.Decide(Cluster, new HashSet<string>(), state, LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim(), Now);

        Assert.True(decision.State.SameAs(LeaseState.Free("team-rhcos")));
        Assert.Equal(
            [
                new Effect.Notify("miabbott", Notice.Reclaimed),
                new Effect.Notify("jlebon", Notice.Reclaimed),
                new Effect.Notify("cgwalters", Notice.Reclaimed),
                new Effect.RevokeCredentials("miabbott", AccessMode.ReadWrite),
                new Effect.RevokeCredentials("jlebon", AccessMode.ReadOnly),
            ],
            decision.Effects);
        Assert.Equal("lease: team-rhcos reclaimed for reprovisioning from @miabbott, @jlebon, @cgwalters", decision.Summary);
    }

    [Fact]
    public void Reclaiming_a_free_cluster_changes_nothing()
    {
        var decision = LeaseEngine.Decide(Cluster, new HashSet<string>(), LeaseState.Free("team-rhcos"), LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim(), Now);

        Assert.False(decision.Changed);
        Assert.Empty(decision.Effects);
    }
}
