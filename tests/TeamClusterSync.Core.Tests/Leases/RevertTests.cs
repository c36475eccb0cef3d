using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;
using Revoke = TeamClusterSync.Core.Leases.LeaseEffect.RevokeCredentials;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>Taking back a grant whose credentials could not be issued: exactly that grant, and a freed cluster goes to the line.</summary>
public sealed class RevertTests
{
    [Fact]
    public void A_reverted_grant_frees_the_cluster_and_the_first_in_line_is_offered_it()
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: 1));
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.Wait());

        var d = s.Do(LeaseEngine.ScheduleActor, new LeaseCommand.Revert("alice", AccessMode.ReadWrite, T0));

        Assert.Equal([new Revoke("alice", AccessMode.ReadWrite), new Notify("bob", Notice.Offered, Expires: T0.AddMinutes(15))], d.Effects);
        Assert.True(s.State.IsFree);
        Assert.Equal("lease: @alice's access to team-rhcos taken back: no credentials could be issued; @bob is offered team-rhcos until 2026-03-02 09:15 UTC", d.Summary);
    }

    [Fact]
    public void A_later_grant_of_the_same_person_is_left_alone()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.RequestReadOnly());
        s.Advance(TimeSpan.FromMinutes(1)).Do("alice", new LeaseCommand.Done());
        s.Do("alice", new LeaseCommand.RequestReadOnly());
        var before = s.State;

        var d = s.Do(LeaseEngine.ScheduleActor, new LeaseCommand.Revert("alice", AccessMode.ReadOnly, T0));

        LeaseAssert.Unchanged(d, before);
        Assert.Empty(d.Effects);
    }
}
