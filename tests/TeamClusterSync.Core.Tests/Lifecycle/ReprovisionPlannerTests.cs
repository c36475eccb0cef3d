using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Tests.Lifecycle;

public class ReprovisionPlannerTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 29, 5, 0, 0, TimeSpan.Zero);
    private static readonly LeaseState Free = LeaseState.Free("team-rhcos");
    private static readonly LeaseState Held = Free with { Holders = [new Holder("miabbott", AccessMode.ReadWrite, Due.AddHours(-1), Due.AddHours(7))] };
    private static readonly LeaseState Read = Free with { Readers = [new Reader("jlebon", Due.AddHours(-1), Due.AddHours(7))] };

    private static ReprovisionPolicy Policy(WhenLeased when, TimeSpan? forceAfter = null) => new(new Schedule("0 0 6 ? * SUN", "Europe/Berlin"), when, forceAfter);

    [Fact]
    public void Nothing_happens_before_the_schedule_or_without_one()
    {
        Assert.Equal(ReprovisionAction.NotDue, ReprovisionPlanner.Decide(Policy(WhenLeased.Force), Free, Due, Due.AddSeconds(-1)).Action);
        Assert.Equal(ReprovisionAction.NotDue, ReprovisionPlanner.Decide(Policy(WhenLeased.Force), Free, due: null, Due).Action);
    }

    [Fact]
    public void A_free_cluster_is_reprovisioned_when_due() =>
        Assert.Equal(new ReprovisionDecision(ReprovisionAction.Now, "scheduled"), ReprovisionPlanner.Decide(Policy(WhenLeased.Defer), Free, Due, Due));

    [Fact]
    public void Force_does_not_wait_for_the_holder() =>
        Assert.Equal(
            new ReprovisionDecision(ReprovisionAction.Now, "scheduled; whenLeased is force"),
            ReprovisionPlanner.Decide(Policy(WhenLeased.Force), Held, Due, Due.AddMinutes(1)));

    [Fact]
    public void Defer_waits_for_holders_and_readers_until_force_after()
    {
        var policy = Policy(WhenLeased.Defer, TimeSpan.FromDays(2));

        Assert.Equal(new ReprovisionDecision(ReprovisionAction.Defer, "in use", Due.AddDays(2)), ReprovisionPlanner.Decide(policy, Held, Due, Due.AddHours(1)));
        Assert.Equal(ReprovisionAction.Defer, ReprovisionPlanner.Decide(policy, Read, Due, Due.AddHours(1)).Action);
        Assert.Equal(
            new ReprovisionDecision(ReprovisionAction.Now, "deferred while in use, now past forceAfter"),
            ReprovisionPlanner.Decide(policy, Held, Due, Due.AddDays(2)));
    }

    [Fact]
    public void Defer_without_force_after_waits_as_long_as_it_is_held() =>
        Assert.Equal(new ReprovisionDecision(ReprovisionAction.Defer, "in use", null), ReprovisionPlanner.Decide(Policy(WhenLeased.Defer), Held, Due, Due.AddDays(30)));
}
