using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Issue = TeamClusterSync.Core.Leases.LeaseEffect.IssueCredentials;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>The line: <c>wait</c>, <c>leave</c>, offers to the first in line, the offer window, and the people it excludes.</summary>
public sealed class LineTests
{
    private static readonly LeaseCommand Wait = new LeaseCommand.Wait();

    private static readonly LeaseCommand Leave = new LeaseCommand.Leave();

    private static readonly LeaseCommand Request = new LeaseCommand.Request();

    private static readonly LeaseCommand Expire = new LeaseCommand.Expire();

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Alice holds the cluster since T0; bob, then carol, got in line at T0 + 1h; the clock stands there.</summary>
    private static LeaseScenario TwoWaiting()
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: 1));
        s.Do("alice", Request);
        s.Advance(TimeSpan.FromHours(1));
        s.Do("bob", Wait);
        s.Do("carol", Wait);
        return s;
    }

    [Fact]
    public void Waiting_puts_people_in_line_in_the_order_they_came_and_commits_it()
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: 1));
        s.Do("alice", Request);

        var bob = s.Do("bob", Wait);
        var carol = s.Do("carol", Wait);

        Assert.Equal([new Notify("bob", Notice.InLine)], bob.Effects);
        Assert.Equal("lease: @bob joined the line for team-rhcos (place 1)", bob.Summary);
        Assert.Equal("lease: @carol joined the line for team-rhcos (place 2)", carol.Summary);
        Assert.Equal([new Waiter("bob", T0), new Waiter("carol", T0)], s.State.Line);
    }

    [Fact]
    public void Nobody_waits_twice_a_holder_cannot_wait_and_a_free_cluster_needs_no_line()
    {
        var s = TwoWaiting();
        var before = s.State;

        LeaseAssert.Refused(s.Do("bob", Wait), before, "bob", Refusal.AlreadyInLine);
        LeaseAssert.Refused(s.Do("alice", Wait), before, "alice", Refusal.AlreadyHolder);
        LeaseAssert.Refused(s.Do("mallory", Wait), before, "mallory", Refusal.NotTeamMember);

        var free = new LeaseScenario();
        var d = free.Do("bob", Wait);
        LeaseAssert.Unchanged(d, LeaseState.Free("team-rhcos"));
        Assert.Equal([new Notify("bob", Notice.NotInUse)], d.Effects);
    }

    [Fact]
    public void When_the_holder_is_done_the_first_in_line_is_offered_the_cluster_for_the_window()
    {
        var s = TwoWaiting();

        var d = s.Do("alice", new LeaseCommand.Done());

        Assert.Contains(new Notify("bob", Notice.Offered, About: "alice", Expires: s.Now + Window), d.Effects);
        Assert.DoesNotContain(d.Effects, e => e is Notify { Notice: Notice.Offered, To: "carol" });
        Assert.Equal([new Waiter("bob", T0.AddHours(1), s.Now + Window), new Waiter("carol", T0.AddHours(1))], s.State.Line);
        Assert.Equal("lease: @bob is offered team-rhcos until 2026-03-02 10:15 UTC; @alice released team-rhcos", d.Summary);
    }

    [Fact]
    public void During_the_window_only_the_first_in_line_can_take_it_and_taking_it_leaves_the_line()
    {
        var s = TwoWaiting();
        s.Do("alice", new LeaseCommand.Done());
        var reserved = s.State;

        var carol = s.Do("carol", Request);
        var dave = s.Advance(TimeSpan.FromMinutes(10)).Do("dave", new LeaseCommand.Ping());
        var bob = s.Do("bob", Request);

        Assert.Equal([new Notify("carol", Notice.Reserved, About: "bob", Expires: T0.AddHours(1) + Window)], carol.Effects);
        Assert.True(carol.State.SameAs(reserved));
        Assert.Equal([new Notify("dave", Notice.Reserved, About: "bob", Expires: T0.AddHours(1) + Window)], dave.Effects);
        Assert.Equal(["bob"], s.State.Holders.Select(h => h.User));
        Assert.Equal([new Waiter("carol", T0.AddHours(1))], s.State.Line);
        Assert.Contains(new Issue("bob", AccessMode.ReadWrite, s.Now + EightHours), bob.Effects);
    }

    [Fact]
    public void An_offer_not_taken_in_time_moves_to_the_next_and_the_skipped_one_is_told()
    {
        var s = TwoWaiting();
        s.Do("alice", new LeaseCommand.Done());
        var until = s.Now + Window;

        var early = s.Advance(Window - TimeSpan.FromSeconds(1)).Do(LeaseEngine.ScheduleActor, Expire);
        var lapsed = s.Advance(TimeSpan.FromSeconds(1)).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.False(early.Changed);
        Assert.Equal(
            [new Notify("bob", Notice.OfferLapsed, Expires: until), new Notify("carol", Notice.Offered, Expires: s.Now + Window)],
            lapsed.Effects);
        Assert.Equal([new Waiter("carol", T0.AddHours(1), s.Now + Window)], s.State.Line);
        Assert.Equal(
            "lease: @bob did not take team-rhcos in time and left the line; @carol is offered team-rhcos until 2026-03-02 10:30 UTC",
            lapsed.Summary);
    }

    [Fact]
    public void Leaving_the_line_takes_me_out_and_an_offer_i_had_moves_on()
    {
        var s = TwoWaiting();
        s.Do("alice", new LeaseCommand.Done());

        var d = s.Do("bob", Leave);

        Assert.Equal([new Notify("bob", Notice.LeftLine), new Notify("carol", Notice.Offered, Expires: s.Now + Window)], d.Effects);
        Assert.Equal(["carol"], s.State.Line.Select(w => w.User));
        LeaseAssert.Refused(s.Do("bob", Leave), s.State, "bob", Refusal.NotInLine);
    }

    [Fact]
    public void Done_from_someone_only_in_line_takes_them_out_of_it()
    {
        var s = TwoWaiting();

        var d = s.Do("carol", new LeaseCommand.Done());

        Assert.Equal([new Notify("carol", Notice.LeftLine)], d.Effects);
        Assert.Equal(["bob"], s.State.Line.Select(w => w.User));
    }

    [Fact]
    public void Someone_who_left_the_team_is_skipped_when_their_turn_comes_and_never_offered_the_cluster()
    {
        var s = TwoWaiting();
        s.Leave("bob");

        var d = s.Do("alice", new LeaseCommand.Done());

        Assert.DoesNotContain(d.Effects, e => e is Notify { To: "bob" });
        Assert.Contains(new Notify("carol", Notice.Offered, About: "alice", Expires: s.Now + Window), d.Effects);
        Assert.Equal(["carol"], s.State.Line.Select(w => w.User));
        Assert.StartsWith("lease: @bob left the line for team-rhcos (no longer on team redhat-coreos); @carol is offered", d.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_lease_offers_the_cluster_and_pings_waiting_hear_it_is_reserved()
    {
        var s = TwoWaiting();
        s.Do("dave", new LeaseCommand.Ping());

        var d = s.Advance(EightHours).Do(LeaseEngine.ScheduleActor, Expire);

        var until = s.Now + Window;
        Assert.Contains(new Notify("bob", Notice.Offered, Expires: until), d.Effects);
        Assert.Contains(new Notify("dave", Notice.Reserved, About: "bob", Expires: until), d.Effects);
        Assert.Empty(s.State.Pending);
    }

    [Fact]
    public void A_reclaimed_cluster_is_offered_to_the_first_in_line_who_keeps_their_place()
    {
        var s = TwoWaiting();

        var d = s.Do(LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim());

        Assert.Contains(new Notify("alice", Notice.Reclaimed), d.Effects);
        Assert.Contains(new Notify("bob", Notice.Offered, Expires: s.Now + Window), d.Effects);
        Assert.Equal(["bob", "carol"], s.State.Line.Select(w => w.User));
    }

    [Fact]
    public void An_unanswered_ping_is_told_once_and_the_holders_reminded_once()
    {
        var s = new LeaseScenario(MakeCluster(pingTimeout: TimeSpan.FromHours(2)));
        s.Do("alice", Request);
        s.Do("bob", new LeaseCommand.Ping());

        var before = s.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1)).Do(LeaseEngine.ScheduleActor, Expire);
        var due = s.Advance(TimeSpan.FromSeconds(1)).Do(LeaseEngine.ScheduleActor, Expire);
        var again = s.Advance(TimeSpan.FromHours(3)).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.False(before.Changed);
        Assert.Equal([new Notify("bob", Notice.PingUnanswered), new Notify("alice", Notice.PingReminder, About: "bob")], due.Effects);
        Assert.Equal("lease: @bob's ping for team-rhcos went unanswered for 2h", due.Summary);
        Assert.Equal([new PendingRequest("bob", T0, T0.AddHours(2))], due.State.Pending);
        Assert.False(again.Changed);
        var yes = s.Do("alice", new LeaseCommand.Grant());
        Assert.Contains(new Notify("bob", Notice.AccessGranted, About: "alice", Expires: s.Now + EightHours), yes.Effects);
    }

    [Fact]
    public void One_offered_another_cluster_leaves_a_place_taken_for_the_first_free_and_the_next_is_offered_a_free_one()
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: 1));
        s.Do("alice", Request);
        s.Do("bob", new LeaseCommand.Wait(AnyOf: true));
        s.Do("carol", Wait);
        s.Do("alice", new LeaseCommand.Done());

        var left = s.Do(LeaseEngine.ScheduleActor, new LeaseCommand.Leave("bob", "other-cluster"));
        var notAnyOf = s.Do(LeaseEngine.ScheduleActor, new LeaseCommand.Leave("carol", "other-cluster"));

        Assert.Equal(["carol"], s.State.Line.Select(w => w.User));
        Assert.Equal("carol", s.State.Offer?.User);
        Assert.Contains(new Notify("bob", Notice.LeftForOffer, Reason: "other-cluster"), left.Effects);
        Assert.StartsWith("lease: @bob left the line for team-rhcos: offered other-cluster; @carol is offered team-rhcos until", left.Summary, StringComparison.Ordinal);
        Assert.False(notAnyOf.Changed);
    }
}
