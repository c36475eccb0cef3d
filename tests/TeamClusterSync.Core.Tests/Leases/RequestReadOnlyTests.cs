using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Issue = TeamClusterSync.Core.Leases.LeaseEffect.IssueCredentials;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class RequestReadOnlyTests
{
    private static readonly LeaseCommand ReadOnly = new LeaseCommand.RequestReadOnly();

    private static LeaseScenario SharedByAliceAndBob()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("alice", new LeaseCommand.Grant());
        return s;
    }

    [Fact]
    public void Read_only_is_granted_at_once_and_every_holder_is_told()
    {
        var s = SharedByAliceAndBob();
        var at = T0 + TimeSpan.FromMinutes(20);

        var d = s.Advance(TimeSpan.FromMinutes(20)).Do("carol", ReadOnly);

        Assert.Equal(
            [
                new Notify("carol", Notice.ReadOnlyGranted, About: "alice", Expires: at + EightHours),
                new Issue("carol", AccessMode.ReadOnly, at + EightHours),
                new Notify("alice", Notice.ReadOnlyTaken, About: "carol"),
                new Notify("bob", Notice.ReadOnlyTaken, About: "carol"),
            ],
            d.Effects);
        Assert.Equal("lease: @carol got read-only access to team-rhcos", d.Summary);
        Assert.Equal([new Reader("carol", at, at + EightHours)], d.State.Readers);
        Assert.Equal(["alice", "bob"], d.State.Holders.Select(h => h.User));
    }

    [Fact]
    public void Read_only_on_a_free_cluster_names_no_holder_and_tells_nobody_else()
    {
        var s = new LeaseScenario();

        var d = s.Do("carol", ReadOnly);

        Assert.Equal(
            [new Notify("carol", Notice.ReadOnlyGranted, Expires: T0 + EightHours), new Issue("carol", AccessMode.ReadOnly, T0 + EightHours)],
            d.Effects);
        Assert.Equal("lease: @carol got read-only access to team-rhcos", d.Summary);
        Assert.True(d.State.IsFree);
    }

    [Fact]
    public void Read_only_is_refused_when_the_cluster_does_not_allow_it()
    {
        var s = new LeaseScenario(MakeCluster(allowReadOnly: false));
        s.Do("alice", new LeaseCommand.Request());
        var before = s.State;

        var d = s.Do("carol", ReadOnly);

        LeaseAssert.Refused(d, before, "carol", Refusal.ReadOnlyNotAllowed);
    }

    [Fact]
    public void Someone_outside_the_team_gets_no_read_only_access()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        var before = s.State;

        var d = s.Do("mallory", ReadOnly);

        LeaseAssert.Refused(d, before, "mallory", Refusal.ReadOnlyNotOpen);
    }

    [Fact]
    public void Someone_outside_the_team_whom_read_only_for_admits_reads_and_the_membership_sweep_leaves_the_reading()
    {
        var cluster = LeaseScenario.MakeCluster();
        var members = new HashSet<string> { "alice" };
        var outside = new OutsideReaders(false, new HashSet<string> { "olivia" });
        var held = LeaseEngine.Decide(cluster, members, LeaseState.Free(cluster.Name), "alice", new LeaseCommand.Request(), LeaseScenario.T0).State;

        var read = LeaseEngine.Decide(cluster, members, held, "olivia", ReadOnly, LeaseScenario.T0, outsideReaders: outside);
        var swept = LeaseEngine.Decide(cluster, members, read.State, LeaseEngine.ScheduleActor, new LeaseCommand.Expire(EndDeparted: true), LeaseScenario.T0, outsideReaders: outside);
        var ping = LeaseEngine.Decide(cluster, members, read.State, "olivia", new LeaseCommand.Ping(), LeaseScenario.T0, outsideReaders: outside);

        Assert.Equal("olivia", Assert.Single(read.State.Readers).User);
        Assert.Contains(new LeaseEffect.Notify("alice", Notice.ReadOnlyTaken, About: "olivia"), read.Effects);
        Assert.False(swept.Changed);
        Assert.Equal(Refusal.NotTeamMember, ping.Refusal);
    }

    [Fact]
    public void A_reader_asking_again_gets_the_same_credentials_reissued_without_a_commit()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("carol", ReadOnly);
        var before = s.State;

        var d = s.Advance(TimeSpan.FromHours(1)).Do("carol", ReadOnly);

        Assert.Equal(
            [
                new Notify("carol", Notice.ReadOnlyGranted, About: "alice", Expires: T0 + EightHours),
                new Issue("carol", AccessMode.ReadOnly, T0 + EightHours),
            ],
            d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void A_holder_asking_for_read_only_keeps_read_write_and_gets_it_reissued()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        var before = s.State;

        var d = s.Do("alice", ReadOnly);

        Assert.Equal(
            [new Notify("alice", Notice.Granted, Expires: T0 + EightHours), new Issue("alice", AccessMode.ReadWrite, T0 + EightHours)],
            d.Effects);
        LeaseAssert.Unchanged(d, before);
    }
}
