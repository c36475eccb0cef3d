using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Issue = TeamClusterSync.Core.Leases.LeaseEffect.IssueCredentials;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;
using Revoke = TeamClusterSync.Core.Leases.LeaseEffect.RevokeCredentials;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class ExpiryTests
{
    private static readonly LeaseCommand Expire = new LeaseCommand.Expire();

    private static LeaseScenario HeldByAlice()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        return s;
    }

    [Fact]
    public void The_sweep_removes_a_holder_whose_lease_ran_out_and_tells_them()
    {
        var s = HeldByAlice();

        var d = s.Advance(EightHours).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.Equal([new Notify("alice", Notice.Expired), new Revoke("alice", AccessMode.ReadWrite)], d.Effects);
        Assert.Equal("lease: @alice's lease on team-rhcos expired", d.Summary);
        Assert.True(d.State.IsFree);
        Assert.Null(d.Refusal);
    }

    [Fact]
    public void The_sweep_leaves_a_lease_alone_until_its_expiry()
    {
        var s = HeldByAlice();
        var before = s.State;

        var d = s.Advance(EightHours - TimeSpan.FromSeconds(1)).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.Empty(d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void The_sweep_removes_an_expired_reader()
    {
        var s = HeldByAlice();
        s.Advance(TimeSpan.FromHours(1)).Do("carol", new LeaseCommand.RequestReadOnly());

        var d = s.Advance(EightHours).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.Equal(
            [
                new Notify("alice", Notice.Expired),
                new Revoke("alice", AccessMode.ReadWrite),
                new Notify("carol", Notice.Expired),
                new Revoke("carol", AccessMode.ReadOnly),
            ],
            d.Effects);
        Assert.Equal(
            "lease: @alice's lease on team-rhcos expired; @carol's read-only access to team-rhcos expired",
            d.Summary);
        Assert.True(d.State.SameAs(LeaseState.Free("team-rhcos")));
    }

    [Fact]
    public void One_co_holder_expiring_leaves_the_other_and_the_pending_pings()
    {
        var s = HeldByAlice();
        s.Advance(TimeSpan.FromHours(2));
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("alice", new LeaseCommand.Grant());
        s.Do("carol", new LeaseCommand.Ping());
        var bob = s.State.Holders[1];

        var d = s.Advance(TimeSpan.FromHours(6)).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.Equal([new Notify("alice", Notice.Expired), new Revoke("alice", AccessMode.ReadWrite)], d.Effects);
        Assert.Equal([bob], d.State.Holders);
        Assert.Equal(["carol"], d.State.Pending.Select(p => p.User));
    }

    [Fact]
    public void When_the_last_holder_expires_waiting_requesters_are_told_it_is_free()
    {
        var s = HeldByAlice();
        s.Do("bob", new LeaseCommand.Ping());

        var d = s.Advance(EightHours).Do(LeaseEngine.ScheduleActor, Expire);

        Assert.Equal(
            [new Notify("alice", Notice.Expired), new Revoke("alice", AccessMode.ReadWrite), new Notify("bob", Notice.FreeNow)],
            d.Effects);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void An_expired_holder_is_swept_before_any_other_command_so_it_never_blocks_a_request()
    {
        var s = HeldByAlice();
        var at = T0 + EightHours + TimeSpan.FromMinutes(1);

        var d = s.Advance(EightHours + TimeSpan.FromMinutes(1)).Do("bob", new LeaseCommand.Request());

        Assert.Equal(
            [
                new Notify("alice", Notice.Expired),
                new Revoke("alice", AccessMode.ReadWrite),
                new Notify("bob", Notice.Granted, Expires: at + EightHours),
                new Issue("bob", AccessMode.ReadWrite, at + EightHours),
            ],
            d.Effects);
        Assert.Equal("lease: @alice's lease on team-rhcos expired; @bob took team-rhcos (read-write)", d.Summary);
        Assert.Equal([new Holder("bob", AccessMode.ReadWrite, at, at + EightHours)], d.State.Holders);
    }

    [Fact]
    public void An_expired_holder_cannot_extend()
    {
        var s = HeldByAlice();

        var d = s.Advance(EightHours).Do("alice", new LeaseCommand.Extend());

        Assert.Equal(
            [
                new Notify("alice", Notice.Expired),
                new Revoke("alice", AccessMode.ReadWrite),
                new Notify("alice", Notice.Refused, Why: Refusal.NothingToExtend),
            ],
            d.Effects);
        Assert.Equal(Refusal.NothingToExtend, d.Refusal);
        Assert.Equal("lease: @alice's lease on team-rhcos expired", d.Summary);
    }

    [Fact]
    public void The_sweep_is_committed_even_when_the_command_itself_is_refused()
    {
        var s = HeldByAlice();

        var d = s.Advance(EightHours).Do("mallory", new LeaseCommand.Request());

        Assert.Equal(Refusal.NotTeamMember, d.Refusal);
        Assert.True(d.Changed);
        Assert.Equal("lease: @alice's lease on team-rhcos expired", d.Summary);
        Assert.True(d.State.IsFree);
    }
}
