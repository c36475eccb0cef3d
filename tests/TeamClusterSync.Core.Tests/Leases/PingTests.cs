using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class PingTests
{
    private static readonly LeaseCommand Ping = new LeaseCommand.Ping();

    private static LeaseScenario HeldByAlice()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        return s;
    }

    [Fact]
    public void A_ping_asks_the_holder_and_tells_the_requester_it_was_sent()
    {
        var s = HeldByAlice();

        var d = s.Advance(TimeSpan.FromMinutes(5)).Do("bob", Ping);

        Assert.Equal(
            [new Notify("bob", Notice.PingSent, About: "alice"), new Notify("alice", Notice.AccessRequested, About: "bob")],
            d.Effects);
        Assert.Equal("lease: @bob asked @alice for team-rhcos", d.Summary);
        Assert.Equal([new PendingRequest("bob", T0 + TimeSpan.FromMinutes(5))], d.State.Pending);
        Assert.Equal(["alice"], d.State.Holders.Select(h => h.User));
    }

    [Fact]
    public void A_ping_asks_every_holder_of_a_full_shared_cluster_to_hand_over()
    {
        var s = HeldByAlice();
        s.Do("bob", Ping);
        s.Do("alice", new LeaseCommand.Grant());

        var d = s.Do("carol", Ping);

        Assert.Equal(
            [
                new Notify("carol", Notice.PingSent, About: "alice"),
                new Notify("alice", Notice.HandoverRequested, About: "carol"),
                new Notify("bob", Notice.HandoverRequested, About: "carol"),
            ],
            d.Effects);
        Assert.Equal("lease: @carol asked @alice, @bob for team-rhcos", d.Summary);
    }

    [Fact]
    public void Pings_queue_oldest_first()
    {
        var s = HeldByAlice();
        s.Do("bob", Ping);

        var d = s.Advance(TimeSpan.FromMinutes(1)).Do("carol", Ping);

        Assert.Equal(
            [new PendingRequest("bob", T0), new PendingRequest("carol", T0 + TimeSpan.FromMinutes(1))],
            d.State.Pending);
    }

    [Fact]
    public void A_second_ping_by_the_same_user_is_refused_as_already_pending()
    {
        var s = HeldByAlice();
        s.Do("bob", Ping);
        var before = s.State;

        var d = s.Advance(TimeSpan.FromMinutes(1)).Do("bob", Ping);

        LeaseAssert.Refused(d, before, "bob", Refusal.AlreadyPending);
    }

    [Fact]
    public void A_ping_when_nobody_holds_the_cluster_says_it_is_not_in_use()
    {
        var s = new LeaseScenario();
        var before = s.State;

        var d = s.Do("bob", Ping);

        Assert.Equal([new Notify("bob", Notice.NotInUse)], d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void The_holder_pinging_is_refused_as_already_a_holder()
    {
        var s = HeldByAlice();
        var before = s.State;

        var d = s.Do("alice", Ping);

        LeaseAssert.Refused(d, before, "alice", Refusal.AlreadyHolder);
    }

    [Fact]
    public void Someone_outside_the_team_cannot_ping()
    {
        var s = HeldByAlice();
        var before = s.State;

        var d = s.Do("mallory", Ping);

        LeaseAssert.Refused(d, before, "mallory", Refusal.NotTeamMember);
    }
}
