using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Issue = TeamClusterSync.Core.Leases.LeaseEffect.IssueCredentials;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class AuthTests
{
    [Fact]
    public void Auth_sends_fresh_credentials_for_what_the_actor_holds_and_changes_nothing()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.RequestReadOnly());
        var before = s.State;

        var holder = s.Do("alice", new LeaseCommand.Auth());
        var reader = s.Do("bob", new LeaseCommand.Auth());

        Assert.Equal([new Notify("alice", Notice.Reissued, Expires: T0 + EightHours), new Issue("alice", AccessMode.ReadWrite, T0 + EightHours)], holder.Effects);
        Assert.Equal([new Notify("bob", Notice.Reissued, Expires: T0 + EightHours), new Issue("bob", AccessMode.ReadOnly, T0 + EightHours)], reader.Effects);
        LeaseAssert.Unchanged(holder, before);
        LeaseAssert.Unchanged(reader, before);
    }

    [Fact]
    public void Auth_from_someone_who_holds_nothing_is_refused()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        var before = s.State;

        LeaseAssert.Refused(s.Do("carol", new LeaseCommand.Auth()), before, "carol", Refusal.NothingHeld);
    }

    [Fact]
    public void Times_in_the_state_are_whole_seconds()
    {
        var s = new LeaseScenario();
        s.Advance(TimeSpan.FromMilliseconds(1234.5));

        var d = s.Do("alice", new LeaseCommand.Request());

        Assert.Equal(new Holder("alice", AccessMode.ReadWrite, T0.AddSeconds(1), T0.AddSeconds(1) + EightHours), d.State.Holders[0]);
    }
}
