using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class ExtendTests
{
    private static readonly TimeSpan FiveHours = TimeSpan.FromHours(5);

    private static LeaseScenario HeldByAliceFiveHoursAgo()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Advance(FiveHours);
        return s;
    }

    [Fact]
    public void Extend_without_a_duration_runs_the_lease_a_full_max_duration_from_now()
    {
        var s = HeldByAliceFiveHoursAgo();
        var expires = T0 + FiveHours + EightHours;

        var d = s.Do("alice", new LeaseCommand.Extend());

        Assert.Equal([new Notify("alice", Notice.Extended, Expires: expires)], d.Effects);
        Assert.Equal("lease: @alice extended team-rhcos until 2026-03-02 22:00 UTC", d.Summary);
        Assert.Equal([new Holder("alice", AccessMode.ReadWrite, T0, expires)], d.State.Holders);
    }

    [Fact]
    public void Extend_by_a_duration_adds_it_to_the_current_end()
    {
        var s = HeldByAliceFiveHoursAgo();

        var d = s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(2)));

        Assert.Equal([new Notify("alice", Notice.Extended, Expires: T0 + TimeSpan.FromHours(10))], d.Effects);
        Assert.Equal("lease: @alice extended team-rhcos until 2026-03-02 19:00 UTC", d.Summary);
        Assert.Equal([new Holder("alice", AccessMode.ReadWrite, T0, T0 + TimeSpan.FromHours(10))], d.State.Holders);
    }

    [Fact]
    public void Extend_twice_adds_both()
    {
        var s = HeldByAliceFiveHoursAgo();
        s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(1)));

        var d = s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(1)));

        Assert.Equal([new Notify("alice", Notice.Extended, Expires: T0 + TimeSpan.FromHours(10))], d.Effects);
    }

    [Fact]
    public void Extend_with_almost_the_whole_lease_left_adds_what_fits_within_max_duration_from_now_and_says_the_new_end()
    {
        // 7h55m of 8h left: `extend 2h` adds the five minutes that fit, rather than answering "nothing changed".
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Advance(TimeSpan.FromMinutes(5));

        var d = s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(2)));

        var limit = T0 + TimeSpan.FromMinutes(5) + EightHours;
        Assert.Equal([new Notify("alice", Notice.ExtendedToLimit, Expires: limit)], d.Effects);
        Assert.Equal([new Holder("alice", AccessMode.ReadWrite, T0, limit)], d.State.Holders);
        Assert.Equal("lease: @alice extended team-rhcos until 2026-03-02 17:05 UTC", d.Summary);
    }

    [Fact]
    public void Extend_by_max_duration_reaches_exactly_max_duration_from_now()
    {
        var s = HeldByAliceFiveHoursAgo();

        var d = s.Do("alice", new LeaseCommand.Extend(EightHours));

        Assert.Equal([new Notify("alice", Notice.ExtendedToLimit, Expires: T0 + FiveHours + EightHours)], d.Effects);
        Assert.Equal(T0 + FiveHours + EightHours, d.State.Holders[0].Expires);
    }

    [Fact]
    public void Extend_by_exactly_what_is_left_to_the_limit_is_a_plain_extension()
    {
        var s = HeldByAliceFiveHoursAgo();

        var d = s.Do("alice", new LeaseCommand.Extend(FiveHours));

        Assert.Equal([new Notify("alice", Notice.Extended, Expires: T0 + FiveHours + EightHours)], d.Effects);
    }

    [Fact]
    public void Extend_at_the_limit_commits_nothing_and_says_so()
    {
        var s = HeldByAliceFiveHoursAgo();
        s.Do("alice", new LeaseCommand.Extend());
        var before = s.State;

        var d = s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(1)));

        Assert.Equal([new Notify("alice", Notice.ExtendCapped, Expires: T0 + FiveHours + EightHours)], d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void Extend_right_after_the_request_changes_nothing_rather_than_seconds()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Advance(TimeSpan.FromSeconds(59));
        var before = s.State;

        var d = s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(2)));

        Assert.Equal([new Notify("alice", Notice.ExtendCapped, Expires: T0 + EightHours)], d.Effects);
        LeaseAssert.Unchanged(d, before);
        Assert.Equal(
            [new Notify("alice", Notice.ExtendedToLimit, Expires: T0 + TimeSpan.FromMinutes(1) + EightHours)],
            s.Advance(TimeSpan.FromSeconds(1)).Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(2))).Effects);
    }

    [Fact]
    public void Extend_never_shortens_a_lease_that_runs_past_the_limit_after_the_cluster_lowered_its_max_duration()
    {
        var s = HeldByAliceFiveHoursAgo();
        s.Do("alice", new LeaseCommand.Extend());
        var before = s.State;

        var d = LeaseEngine.Decide(MakeCluster(maxDuration: TimeSpan.FromHours(2)), s.Members, s.State, "alice", new LeaseCommand.Extend(TimeSpan.FromHours(1)), s.Now);

        Assert.Equal([new Notify("alice", Notice.ExtendCapped, Expires: T0 + FiveHours + EightHours)], d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void Extend_at_the_maximum_says_so_and_commits_nothing()
    {
        var s = HeldByAliceFiveHoursAgo();
        s.Do("alice", new LeaseCommand.Extend());
        var before = s.State;

        var d = s.Do("alice", new LeaseCommand.Extend());

        Assert.Equal([new Notify("alice", Notice.ExtendCapped, Expires: T0 + FiveHours + EightHours)], d.Effects);
        LeaseAssert.Unchanged(d, before);
    }

    [Fact]
    public void Extend_by_zero_or_a_negative_duration_gets_its_own_refusal()
    {
        var s = HeldByAliceFiveHoursAgo();
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Extend(TimeSpan.Zero)), before, "alice", Refusal.ExtendByNothing);
        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Extend(TimeSpan.FromHours(-5))), before, "alice", Refusal.ExtendNegative);
    }

    [Fact]
    public void Extend_beyond_max_duration_is_refused()
    {
        var s = HeldByAliceFiveHoursAgo();
        var before = s.State;

        var d = s.Do("alice", new LeaseCommand.Extend(EightHours + TimeSpan.FromMinutes(1)));

        LeaseAssert.Refused(d, before, "alice", Refusal.ExtendTooLong);
    }

    [Fact]
    public void A_co_holder_extends_only_their_own_lease()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.Ping());
        s.Do("alice", new LeaseCommand.Grant());
        s.Advance(FiveHours);

        var d = s.Do("bob", new LeaseCommand.Extend());

        Assert.Equal(
            [
                new Holder("alice", AccessMode.ReadWrite, T0, T0 + EightHours),
                new Holder("bob", AccessMode.ReadWrite, T0, T0 + FiveHours + EightHours),
            ],
            d.State.Holders);
        Assert.Equal("lease: @bob extended team-rhcos until 2026-03-02 22:00 UTC", d.Summary);
    }

    [Fact]
    public void A_reader_extends_read_only_access()
    {
        var s = new LeaseScenario();
        s.Do("carol", new LeaseCommand.RequestReadOnly());
        s.Advance(FiveHours);

        var d = s.Do("carol", new LeaseCommand.Extend());

        Assert.Equal([new Reader("carol", T0, T0 + FiveHours + EightHours)], d.State.Readers);
        Assert.Equal("lease: @carol extended team-rhcos until 2026-03-02 22:00 UTC", d.Summary);
    }

    [Fact]
    public void A_reader_adds_to_the_end_of_read_only_access()
    {
        var s = new LeaseScenario();
        s.Do("carol", new LeaseCommand.RequestReadOnly());
        s.Advance(FiveHours);

        var d = s.Do("carol", new LeaseCommand.Extend(TimeSpan.FromHours(2)));

        Assert.Equal([new Reader("carol", T0, T0 + TimeSpan.FromHours(10))], d.State.Readers);
        Assert.Equal([new Notify("carol", Notice.Extended, Expires: T0 + TimeSpan.FromHours(10))], d.Effects);
    }

    [Fact]
    public void A_member_with_nothing_to_extend_is_told_so_whatever_the_duration()
    {
        var s = HeldByAliceFiveHoursAgo();
        var before = s.State;

        LeaseAssert.Refused(s.Do("bob", new LeaseCommand.Extend()), before, "bob", Refusal.NothingToExtend);
        LeaseAssert.Refused(s.Do("bob", new LeaseCommand.Extend(TimeSpan.FromDays(3))), before, "bob", Refusal.NothingToExtend);
    }

    [Fact]
    public void A_pending_requester_has_nothing_to_extend()
    {
        var s = HeldByAliceFiveHoursAgo();
        s.Do("bob", new LeaseCommand.Ping());
        var before = s.State;

        LeaseAssert.Refused(s.Do("bob", new LeaseCommand.Extend()), before, "bob", Refusal.NothingToExtend);
    }

    [Fact]
    public void Someone_outside_the_team_who_holds_nothing_is_told_they_are_not_a_member()
    {
        var s = HeldByAliceFiveHoursAgo();
        var before = s.State;

        LeaseAssert.Refused(s.Do("mallory", new LeaseCommand.Extend()), before, "mallory", Refusal.NotTeamMember);
    }

    [Fact]
    public void A_holder_who_left_the_team_cannot_extend()
    {
        var s = HeldByAliceFiveHoursAgo();
        s.Leave("alice");
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Extend()), before, "alice", Refusal.LeftTeam);
    }
}
