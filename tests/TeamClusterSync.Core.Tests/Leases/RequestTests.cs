using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Issue = TeamClusterSync.Core.Leases.LeaseEffect.IssueCredentials;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;
using Revoke = TeamClusterSync.Core.Leases.LeaseEffect.RevokeCredentials;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class RequestTests
{
    private static readonly LeaseCommand Request = new LeaseCommand.Request();

    [Fact]
    public void A_member_takes_a_free_cluster_read_write_until_max_duration()
    {
        var s = new LeaseScenario();

        var d = s.Do("alice", Request);

        Assert.Equal(
            [new Notify("alice", Notice.Granted, Expires: T0 + EightHours), new Issue("alice", AccessMode.ReadWrite, T0 + EightHours)],
            d.Effects);
        Assert.Equal("lease: @alice took team-rhcos (read-write)", d.Summary);
        Assert.True(d.Changed);
        Assert.Null(d.Refusal);
        Assert.Equal([new Holder("alice", AccessMode.ReadWrite, T0, T0 + EightHours)], d.State.Holders);
        Assert.Empty(d.State.Readers);
        Assert.Empty(d.State.Pending);
        Assert.Equal("team-rhcos", d.State.Cluster);
    }

    [Fact]
    public void A_request_while_in_use_names_the_holder_and_changes_nothing()
    {
        var s = new LeaseScenario();
        s.Do("alice", Request);
        var before = s.State;

        var d = s.Advance(TimeSpan.FromMinutes(10)).Do("bob", Request);

        Assert.Equal([new Notify("bob", Notice.InUse, About: "alice")], d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void A_request_names_the_first_holder_when_the_cluster_is_shared()
    {
        var s = new LeaseScenario();
        s.Do("alice", Request);
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("alice", new LeaseCommand.Grant());

        var d = s.Do("carol", Request);

        Assert.Equal([new Notify("carol", Notice.InUse, About: "alice")], d.Effects);
    }

    [Fact]
    public void Someone_outside_the_team_is_refused_and_the_state_is_untouched()
    {
        var s = new LeaseScenario();
        var before = s.State;

        var d = s.Do("mallory", Request);

        LeaseAssert.Refused(d, before, "mallory", Refusal.NotTeamMember);
        Assert.True(d.State.IsFree);
    }

    [Fact]
    public void Membership_is_checked_without_regard_to_case()
    {
        var s = new LeaseScenario();

        var d = s.Do("Alice", Request);

        Assert.Equal("lease: @Alice took team-rhcos (read-write)", d.Summary);
    }

    [Fact]
    public void The_holder_asking_again_gets_the_same_credentials_reissued_without_a_commit()
    {
        var s = new LeaseScenario();
        s.Do("alice", Request);
        var before = s.State;

        var d = s.Advance(TimeSpan.FromHours(3)).Do("alice", Request);

        Assert.Equal(
            [new Notify("alice", Notice.Granted, Expires: T0 + EightHours), new Issue("alice", AccessMode.ReadWrite, T0 + EightHours)],
            d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void A_holder_who_left_the_team_cannot_have_credentials_reissued()
    {
        var s = new LeaseScenario();
        s.Do("alice", Request);
        s.Leave("alice");
        var before = s.State;

        var d = s.Do("alice", Request);

        LeaseAssert.Refused(d, before, "alice", Refusal.NotTeamMember);
    }

    [Fact]
    public void A_reader_taking_the_free_cluster_read_write_gives_up_the_read_only_credentials()
    {
        var s = new LeaseScenario();
        s.Do("carol", new LeaseCommand.RequestReadOnly());

        var d = s.Advance(TimeSpan.FromHours(1)).Do("carol", Request);

        var expires = T0 + TimeSpan.FromHours(9);
        Assert.Equal(
            [
                new Revoke("carol", AccessMode.ReadOnly),
                new Notify("carol", Notice.Granted, Expires: expires),
                new Issue("carol", AccessMode.ReadWrite, expires),
            ],
            d.Effects);
        Assert.Equal("lease: @carol took team-rhcos (read-write)", d.Summary);
        Assert.Empty(d.State.Readers);
        Assert.Equal([new Holder("carol", AccessMode.ReadWrite, T0 + TimeSpan.FromHours(1), expires)], d.State.Holders);
    }

    [Fact]
    public void The_lease_lasts_the_clusters_own_max_duration()
    {
        var s = new LeaseScenario(MakeCluster(maxDuration: TimeSpan.FromMinutes(90)));

        var d = s.Do("alice", Request);

        Assert.Equal([new Holder("alice", AccessMode.ReadWrite, T0, T0 + TimeSpan.FromMinutes(90))], d.State.Holders);
    }
}
