using TeamClusterSync.Core.Leases;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;
using Revoke = TeamClusterSync.Core.Leases.LeaseEffect.RevokeCredentials;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class DoneTests
{
    private static readonly LeaseCommand Done = new LeaseCommand.Done();

    private static LeaseScenario HeldByAlice()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        return s;
    }

    private static LeaseScenario SharedByAliceAndBob()
    {
        var s = HeldByAlice();
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("alice", new LeaseCommand.Grant());
        return s;
    }

    [Fact]
    public void The_holder_releases_the_cluster_and_its_credentials_are_revoked()
    {
        var s = HeldByAlice();

        var d = s.Advance(TimeSpan.FromHours(1)).Do("alice", Done);

        Assert.Equal([new Notify("alice", Notice.Released), new Revoke("alice", AccessMode.ReadWrite), new LeaseEffect.CheckRelease("alice")], d.Effects);
        Assert.Equal("lease: @alice released team-rhcos", d.Summary);
        Assert.True(d.State.IsFree);
        Assert.True(d.State.SameAs(LeaseState.Free("team-rhcos")));
    }

    [Fact]
    public void A_co_holder_releasing_leaves_the_other_holder_exactly_as_it_was_and_tells_them()
    {
        var s = SharedByAliceAndBob();
        var alice = s.State.Holders[0];

        var d = s.Do("bob", Done);

        Assert.Equal(
            [
                new Notify("bob", Notice.Released),
                new Revoke("bob", AccessMode.ReadWrite),
                new Notify("alice", Notice.HolderReleased, About: "bob"),
            ],
            d.Effects);
        Assert.Equal("lease: @bob released team-rhcos", d.Summary);
        Assert.Equal([alice], d.State.Holders);
    }

    [Fact]
    public void The_first_holder_releasing_hands_the_cluster_to_the_co_holder()
    {
        var s = SharedByAliceAndBob();
        var bob = s.State.Holders[1];

        var d = s.Do("alice", Done);

        Assert.Equal([bob], d.State.Holders);
        Assert.Equal(new Notify("bob", Notice.HolderReleased, About: "alice"), d.Effects[^1]);
    }

    [Fact]
    public void When_the_last_holder_leaves_waiting_requesters_are_told_it_is_free_now()
    {
        var s = HeldByAlice();
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("carol", new LeaseCommand.Ping());

        var d = s.Do("alice", Done);

        Assert.Equal(
            [
                new Notify("alice", Notice.Released),
                new Revoke("alice", AccessMode.ReadWrite),
                new Notify("bob", Notice.FreeNow, About: "alice"),
                new Notify("carol", Notice.FreeNow, About: "alice"),
                new LeaseEffect.CheckRelease("alice"),
            ],
            d.Effects);
        Assert.Equal("lease: @alice released team-rhcos", d.Summary);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void Pings_stay_pending_while_a_co_holder_remains()
    {
        var s = SharedByAliceAndBob();
        s.Do("carol", new LeaseCommand.Ping());

        var d = s.Do("alice", Done);

        Assert.Equal(["carol"], d.State.Pending.Select(p => p.User));
    }

    [Fact]
    public void A_reader_gives_back_read_only_access()
    {
        var s = HeldByAlice();
        s.Do("carol", new LeaseCommand.RequestReadOnly());

        var d = s.Do("carol", Done);

        Assert.Equal([new Notify("carol", Notice.Released), new Revoke("carol", AccessMode.ReadOnly)], d.Effects);
        Assert.Equal("lease: @carol gave up read-only access to team-rhcos", d.Summary);
        Assert.Empty(d.State.Readers);
        Assert.Equal(["alice"], d.State.Holders.Select(h => h.User));
    }

    [Fact]
    public void A_requester_withdraws_a_pending_ping()
    {
        var s = HeldByAlice();
        s.Do("bob", new LeaseCommand.Ping());

        var d = s.Do("bob", Done);

        Assert.Equal([new Notify("bob", Notice.Released)], d.Effects);
        Assert.Equal("lease: @bob withdrew the request for team-rhcos", d.Summary);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void A_member_who_holds_nothing_is_refused_politely()
    {
        var s = HeldByAlice();
        var before = s.State;

        LeaseAssert.Refused(s.Do("bob", Done), before, "bob", Refusal.NothingToRelease);
    }

    [Fact]
    public void Done_on_a_free_cluster_is_refused_politely()
    {
        var s = new LeaseScenario();
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", Done), before, "alice", Refusal.NothingToRelease);
    }

    [Fact]
    public void Someone_outside_the_team_who_holds_nothing_is_told_they_are_not_a_member()
    {
        var s = HeldByAlice();
        var before = s.State;

        LeaseAssert.Refused(s.Do("mallory", Done), before, "mallory", Refusal.NotTeamMember);
    }

    [Fact]
    public void A_holder_who_left_the_team_can_still_give_the_cluster_back()
    {
        var s = HeldByAlice();
        s.Leave("alice");

        var d = s.Do("alice", Done);

        Assert.Equal("lease: @alice released team-rhcos", d.Summary);
        Assert.True(d.State.IsFree);
    }
}
