using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;
using Issue = TeamClusterSync.Core.Leases.LeaseEffect.IssueCredentials;
using Notify = TeamClusterSync.Core.Leases.LeaseEffect.Notify;
using Revoke = TeamClusterSync.Core.Leases.LeaseEffect.RevokeCredentials;

namespace TeamClusterSync.Core.Tests.Leases;

public sealed class AnswerTests
{
    private static readonly LeaseCommand Yes = new LeaseCommand.Grant();

    private static readonly TimeSpan Later = TimeSpan.FromHours(2);

    /// <summary>Alice holds the cluster since T0; bob pinged at T0; the clock stands at T0 + 2h.</summary>
    private static LeaseScenario BobAsksAlice(int maxHolders = 2)
    {
        var s = new LeaseScenario(MakeCluster(maxHolders: maxHolders));
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.Ping());
        s.Advance(Later);
        return s;
    }

    [Fact]
    public void Yes_makes_the_requester_a_co_holder_for_a_full_max_duration_from_now()
    {
        var s = BobAsksAlice();
        var expires = T0 + Later + EightHours;

        var d = s.Do("alice", Yes);

        Assert.Equal(
            [
                new Notify("bob", Notice.AccessGranted, About: "alice", Expires: expires),
                new Issue("bob", AccessMode.ReadWrite, expires),
                new Notify("alice", Notice.GrantConfirmed, About: "bob"),
            ],
            d.Effects);
        Assert.Equal("lease: @alice shared team-rhcos with @bob (read-write)", d.Summary);
        Assert.Equal(
            [
                new Holder("alice", AccessMode.ReadWrite, T0, T0 + EightHours),
                new Holder("bob", AccessMode.ReadWrite, T0 + Later, expires),
            ],
            d.State.Holders);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void No_with_a_reason_tells_the_requester_why()
    {
        var s = BobAsksAlice();

        var d = s.Do("alice", new LeaseCommand.Deny("bisecting a kubelet bug until 3pm"));

        Assert.Equal(
            [
                new Notify("bob", Notice.AccessDenied, About: "alice", Reason: "bisecting a kubelet bug until 3pm"),
                new Notify("alice", Notice.DenyConfirmed, About: "bob"),
            ],
            d.Effects);
        Assert.Equal("lease: @alice refused @bob access to team-rhcos", d.Summary);
        Assert.Empty(d.State.Pending);
        Assert.Equal(["alice"], d.State.Holders.Select(h => h.User));
    }

    [Fact]
    public void Only_a_holder_answers_a_ping()
    {
        var s = BobAsksAlice();
        var before = s.State;

        LeaseAssert.Refused(s.Do("carol", Yes), before, "carol", Refusal.NotHolder);
        LeaseAssert.Refused(s.Do("bob", Yes), before, "bob", Refusal.NotHolder);
        LeaseAssert.Refused(s.Do("carol", new LeaseCommand.Deny("no")), before, "carol", Refusal.NotHolder);
    }

    [Fact]
    public void Someone_outside_the_team_who_holds_nothing_is_told_they_are_not_a_member()
    {
        var s = BobAsksAlice();
        var before = s.State;

        LeaseAssert.Refused(s.Do("mallory", Yes), before, "mallory", Refusal.NotTeamMember);
        LeaseAssert.Refused(s.Do("mallory", new LeaseCommand.Deny("no")), before, "mallory", Refusal.NotTeamMember);
    }

    [Fact]
    public void A_pending_ping_is_answered_once()
    {
        var s = BobAsksAlice();
        s.Do("alice", Yes);
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", Yes), before, "alice", Refusal.NoPendingRequest);
        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Deny("too late")), before, "alice", Refusal.NoPendingRequest);
    }

    [Fact]
    public void Yes_on_a_full_cluster_hands_the_lease_over_and_the_holders_access_ends()
    {
        var s = BobAsksAlice(maxHolders: 1);
        var expires = T0 + Later + EightHours;

        var d = s.Do("alice", Yes);

        Assert.Equal(
            [
                new Revoke("alice", AccessMode.ReadWrite),
                new Notify("bob", Notice.HandedOver, About: "alice", Expires: expires),
                new Issue("bob", AccessMode.ReadWrite, expires),
                new Notify("alice", Notice.HandoverConfirmed, About: "bob"),
            ],
            d.Effects);
        Assert.Equal("lease: @alice handed team-rhcos over to @bob", d.Summary);
        Assert.Equal([new Holder("bob", AccessMode.ReadWrite, T0 + Later, expires)], d.State.Holders);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void No_is_still_possible_when_holders_are_full_and_keeps_the_reason_for_the_commit()
    {
        var s = BobAsksAlice(maxHolders: 1);

        var d = s.Do("alice", new LeaseCommand.Deny("full"));

        Assert.Equal("lease: @alice refused @bob access to team-rhcos", d.Summary);
        Assert.Equal("full", d.Reason);
        Assert.Empty(d.State.Pending);
    }

    [Fact]
    public void On_a_full_shared_cluster_the_holder_who_says_yes_hands_over_their_share_and_the_other_holder_is_told()
    {
        var s = BobAsksAlice();
        s.Do("alice", Yes);
        s.Do("carol", new LeaseCommand.Ping());

        var d = s.Do("bob", Yes);

        Assert.Equal("lease: @bob handed team-rhcos over to @carol", d.Summary);
        Assert.Equal(["alice", "carol"], d.State.Holders.Select(h => h.User));
        Assert.Equal(new Notify("alice", Notice.AnsweredByOther, About: "bob", Requester: "carol"), d.Effects[^1]);
    }

    [Fact]
    public void A_co_holder_may_answer_too_and_the_first_answer_settles_it_for_every_holder()
    {
        var s = BobAsksAlice(maxHolders: 3);
        s.Do("alice", Yes);
        s.Do("carol", new LeaseCommand.Ping());

        var d = s.Do("bob", new LeaseCommand.Deny("wait for the rebase"));
        var late = s.Do("alice", Yes);

        Assert.Equal("lease: @bob refused @carol access to team-rhcos", d.Summary);
        Assert.Equal(new Notify("alice", Notice.AnsweredByOther, About: "bob", Reason: "wait for the rebase", Requester: "carol"), d.Effects[^1]);
        Assert.Equal(Refusal.NoPendingRequest, late.Refusal);
    }

    [Fact]
    public void With_several_waiting_a_bare_answer_asks_whom_and_a_named_one_answers_anyone_waiting()
    {
        var s = BobAsksAlice(maxHolders: 3);
        s.Do("carol", new LeaseCommand.Ping());
        s.Do("dave", new LeaseCommand.Ping());
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", Yes), before, "alice", Refusal.WhichRequest);
        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Deny("busy")), before, "alice", Refusal.WhichRequest);
        var named = s.Do("alice", new LeaseCommand.Grant("dave"));
        var refused = s.Do("alice", new LeaseCommand.Deny("one at a time", "carol"));

        Assert.Equal("lease: @alice shared team-rhcos with @dave (read-write)", named.Summary);
        Assert.Equal("lease: @alice refused @carol access to team-rhcos", refused.Summary);
        Assert.Equal(["bob"], refused.State.Pending.Select(p => p.User));
    }

    [Fact]
    public void An_answer_naming_someone_who_did_not_ping_is_refused()
    {
        var s = BobAsksAlice();
        var before = s.State;

        var d = s.Do("alice", new LeaseCommand.Grant("carol"));

        LeaseAssert.Refused(d, before, "alice", Refusal.NoPendingRequest, about: "carol");
    }

    [Fact]
    public void A_reader_granted_read_write_gives_up_the_read_only_credentials()
    {
        var s = new LeaseScenario();
        s.Do("alice", new LeaseCommand.Request());
        s.Do("bob", new LeaseCommand.RequestReadOnly());
        s.Do("bob", new LeaseCommand.Ping());

        var d = s.Do("alice", Yes);

        Assert.Equal(
            [
                new Revoke("bob", AccessMode.ReadOnly),
                new Notify("bob", Notice.AccessGranted, About: "alice", Expires: T0 + EightHours),
                new Issue("bob", AccessMode.ReadWrite, T0 + EightHours),
                new Notify("alice", Notice.GrantConfirmed, About: "bob"),
            ],
            d.Effects);
        Assert.Empty(d.State.Readers);
    }

    [Fact]
    public void Yes_to_someone_who_left_the_team_since_pinging_is_refused_and_no_still_clears_it()
    {
        var s = BobAsksAlice();
        s.Leave("bob");
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", Yes), before, "alice", Refusal.NotTeamMember, about: "bob");
        LeaseAssert.Refused(s.Do("alice", new LeaseCommand.Grant("bob")), before, "alice", Refusal.NotTeamMember, about: "bob");

        var no = s.Do("alice", new LeaseCommand.Deny("you left the team"));
        Assert.Equal("lease: @alice refused @bob access to team-rhcos", no.Summary);
        Assert.Empty(no.State.Pending);
    }

    [Fact]
    public void A_plain_yes_with_two_waiting_asks_whom_even_when_one_left_the_team()
    {
        var s = BobAsksAlice();
        s.Do("carol", new LeaseCommand.Ping());
        s.Leave("bob");
        var before = s.State;

        LeaseAssert.Refused(s.Do("alice", Yes), before, "alice", Refusal.WhichRequest);
        Assert.Equal("lease: @alice shared team-rhcos with @carol (read-write)", s.Do("alice", new LeaseCommand.Grant("carol")).Summary);
    }

    [Fact]
    public void A_holder_who_left_the_team_may_still_answer()
    {
        var s = BobAsksAlice();
        s.Leave("alice");

        var d = s.Do("alice", new LeaseCommand.Deny("leaving, will release"));

        Assert.Equal("lease: @alice refused @bob access to team-rhcos", d.Summary);
    }

    [Fact]
    public void A_refusal_reason_keeps_its_words_without_terminal_escapes_controls_or_line_breaks()
    {
        var s = BobAsksAlice();

        var d = s.Do("alice", new LeaseCommand.Deny("busy\u001b]0;pwned\u0007 until\u001b[2J\r\n3pm\u0000"));
        var bare = BobAsksAlice().Do("alice", new LeaseCommand.Deny("\u001b[31m\u0007"));

        Assert.Equal(("busy until 3pm", "no reason given"), (d.Reason, bare.Reason));
        Assert.Contains(new Notify("bob", Notice.AccessDenied, About: "alice", Reason: "busy until 3pm"), d.Effects);
    }
}
