using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;
using Revoke = TeamClusterSync.Core.Leases.LeaseEffect.RevokeCredentials;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>Access follows membership: someone who left the team can only let go, and the sweep ends the rest.</summary>
public sealed class DepartureTests
{
    private static readonly LeaseCommand Sweep = new LeaseCommand.Expire(EndDeparted: true);

    [Fact]
    public void A_holder_who_left_the_team_cannot_hand_the_cluster_on_with_a_yes()
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: 1));
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.Ping());
        s.Leave("alice");
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Grant()), before, "alice", Refusal.LeftTeam);
    }

    [Fact]
    public void The_sweep_ends_a_departed_holders_lease_reading_and_place_in_line_and_says_why()
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: 2));
        s.Do("alice", new LeaseCommand.Request());
        s.Do("alice", new LeaseCommand.Ping()); // refused: already holder; nothing changes
        s.Do("carol", new LeaseCommand.RequestReadOnly());
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("dave", new LeaseCommand.Wait());
        s.Leave("alice");
        s.Leave("dave");

        var d = s.Do(LeaseEngine.ScheduleActor, Sweep);

        Assert.Equal(
            "lease: @alice's access to team-rhcos ended: no longer on team redhat-coreos; @dave's access to team-rhcos ended: no longer on team redhat-coreos",
            d.Summary);
        Assert.Equal(
            [
                new Notify("alice", Notice.RemovedFromTeam), new Revoke("alice", AccessMode.ReadWrite), new Notify("dave", Notice.RemovedFromTeam),
                new Notify("bob", Notice.FreeAfterDeparture, About: "alice"),
            ],
            d.Effects);
        Assert.True(d.State.IsFree);
        Assert.Equal(["carol"], d.State.Readers.Select(r => r.User));
        Assert.Empty(d.State.Pending);
        Assert.Empty(d.State.Line);
    }

    [Fact]
    public void A_departed_reader_and_a_departed_requester_lose_their_access_and_their_ping()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("carol", new LeaseCommand.RequestReadOnly());
        s.Do("bob", new LeaseCommand.Ping());
        s.Leave("carol");
        s.Leave("bob");

        var d = s.Do(LeaseEngine.ScheduleActor, Sweep);

        Assert.Equal(
            [new Notify("bob", Notice.RemovedFromTeam), new Notify("carol", Notice.RemovedFromTeam), new Revoke("carol", AccessMode.ReadOnly)],
            d.Effects.OrderBy(e => e is Notify n ? n.To : "carol~"));
        Assert.Equal(["alice"], d.State.Holders.Select(h => h.User));
        Assert.Empty(d.State.Readers);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void The_first_in_line_who_left_loses_the_offer_to_the_next()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.Wait());
        s.Do("carol", new LeaseCommand.Wait());
        s.Do("alice", new LeaseCommand.Done());
        s.Leave("bob");

        var d = s.Do(LeaseEngine.ScheduleActor, Sweep);

        Assert.Equal("carol", d.State.Offer?.User);
        Assert.Contains(new Notify("carol", Notice.Offered, Expires: T0.AddMinutes(15)), d.Effects);
    }

    [Fact]
    public void Without_the_whole_membership_the_sweep_ends_nobodys_access()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Leave("alice");
        var before = s.State;

        LeaseAssert.Unchanged(s.Do(LeaseEngine.ScheduleActor, new LeaseCommand.Expire()), before);
    }

    [Fact]
    public void A_holder_who_left_may_still_give_the_cluster_back_before_the_sweep()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Leave("alice");

        Assert.Equal("lease: @alice released team-rhcos", s.Do("alice", new LeaseCommand.Done()).Summary);
    }
}
