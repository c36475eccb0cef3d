using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>The stated preference of a <c>request</c> without a name, one rule at a time.</summary>
public class LeasePoolTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 5, 0, 0, TimeSpan.Zero);

    private static PoolMember Member(string name, LeaseState? lease = null, DateTimeOffset? provisioned = null, ReleaseCheck? released = null, bool readOnly = true) =>
        new(
            new Cluster(name, "t", "4.16", "", ProviderSpec.Simulated, new ReprovisionPolicy(null, WhenLeased.Force, null), LeasePolicy.Default with { AllowReadOnly = readOnly }),
            lease ?? LeaseState.Free(name),
            provisioned is { } at ? new ClusterRecord(name, 1, at, released) : null);

    private static LeaseState HeldBy(string cluster, string user) =>
        LeaseState.Free(cluster) with { Holders = [new Holder(user, AccessMode.ReadWrite, Now, Now.AddHours(8))] };

    [Fact]
    public void The_least_recently_provisioned_free_cluster_is_taken()
    {
        var pool = new[] { Member("a", provisioned: Now.AddDays(-1)), Member("b", provisioned: Now.AddDays(-3)), Member("c", HeldBy("c", "x"), Now.AddDays(-9)) };

        Assert.Equal("b", LeasePool.Pick(pool, "me", readOnly: false)?.Name);
    }

    [Fact]
    public void The_one_released_last_by_the_actor_comes_before_an_older_one()
    {
        var pool = new[]
        {
            Member("a", provisioned: Now.AddDays(-3), released: new ReleaseCheck(ReleaseOutcome.Clean, "", Now.AddHours(-2), "me")),
            Member("b", provisioned: Now.AddDays(-3), released: new ReleaseCheck(ReleaseOutcome.Clean, "", Now.AddHours(-1), "me")),
            Member("c", provisioned: Now.AddDays(-9), released: new ReleaseCheck(ReleaseOutcome.Clean, "", Now, "someone")),
        };

        Assert.Equal("b", LeasePool.Pick(pool, "me", readOnly: false)?.Name);
    }

    [Fact]
    public void An_offer_to_someone_else_or_a_pause_keeps_a_free_cluster_out_and_one_offered_to_the_actor_goes_first()
    {
        var offered = LeaseState.Free("b") with { Line = [new Waiter("me", Now, Now.AddMinutes(10))] };
        var othersOffer = LeaseState.Free("c") with { Line = [new Waiter("other", Now, Now.AddMinutes(10))] };
        var paused = LeaseState.Free("d") with { Paused = new Pause("lead", "upgrade", Now) };

        Assert.Equal("b", LeasePool.Pick([Member("a", provisioned: Now.AddDays(-9)), Member("b", offered)], "me", readOnly: false)?.Name);
        Assert.Null(LeasePool.Pick([Member("c", othersOffer), Member("d", paused)], "me", readOnly: false));
    }

    [Fact]
    public void Read_only_takes_a_held_cluster_that_offers_it_and_prefers_what_the_actor_already_reads()
    {
        var reading = LeaseState.Free("c") with { Readers = [new Reader("me", Now, Now.AddHours(1))] };

        Assert.Equal("b", LeasePool.Pick([Member("a", HeldBy("a", "x"), readOnly: false), Member("b", HeldBy("b", "x"))], "me", readOnly: true)?.Name);
        Assert.Equal("c", LeasePool.Pick([Member("b", HeldBy("b", "x")), Member("c", reading)], "me", readOnly: true)?.Name);
    }
}
