using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>
/// A team admin's <c>reprovision</c>: recorded for the lifecycle sweep, which settles it with its reclaim; <c>now</c>
/// ends everyone's access at once; a free cluster waiting for its rebuild grants nothing and is offered to nobody.
/// </summary>
public class ReprovisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 5, 0, 0, TimeSpan.Zero);
    private static readonly Cluster Cluster = new(
        "team-rhcos", "redhat-coreos", "4.6", "https://console.example.com/", ProviderSpec.Simulated,
        new ReprovisionPolicy(null, WhenLeased.Defer, null), LeasePolicy.Default with { MaxHolders = 2 });

    private static readonly HashSet<string> Members = new(["cgwalters", "miabbott", "jlebon"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Admins = new(["cgwalters"], StringComparer.OrdinalIgnoreCase);

    private static readonly LeaseState Held = LeaseState.Free("team-rhcos") with
    {
        Holders = [new Holder("miabbott", AccessMode.ReadWrite, Now.AddHours(-1), Now.AddHours(7))],
        Line = [new Waiter("jlebon", Now.AddMinutes(-5))],
    };

    private static LeaseDecision Decide(LeaseState state, string actor, LeaseCommand command) =>
        LeaseEngine.Decide(Cluster, Members, state, actor, command, Now, Admins);

    [Fact]
    public void A_member_may_not_and_an_admin_s_request_leaves_the_holder_until_done_then_the_line_waits_for_the_rebuild()
    {
        var refused = Decide(Held, "miabbott", new LeaseCommand.Reprovision("mine"));
        var asked = Decide(Held, "cgwalters", new LeaseCommand.Reprovision("installer test"));
        var done = Decide(asked.State, "miabbott", new LeaseCommand.Done());

        Assert.Equal(Refusal.NotAdmin, refused.Refusal);
        Assert.Equal(new ReprovisionRequest("cgwalters", "installer test", Now), asked.State.Reprovision);
        Assert.Equal(Held.Holders, asked.State.Holders);
        Assert.Equal(("lease: @cgwalters asked to reprovision team-rhcos", "installer test"), (asked.Summary, asked.Reason));
        Assert.Null(done.State.Offer);
        Assert.Equal(Refusal.Reprovisioning, Decide(done.State, "jlebon", new LeaseCommand.Request()).Refusal);
        Assert.Equal(Refusal.Reprovisioning, Decide(done.State, "jlebon", new LeaseCommand.RequestReadOnly()).Refusal);
        Assert.Equal(Refusal.AlreadyReprovisioning, Decide(asked.State, "cgwalters", new LeaseCommand.Reprovision("again")).Refusal);
    }

    [Fact]
    public void Now_ends_everyone_s_access_with_who_and_why_the_request_stands_through_the_schedule_s_reclaim_and_its_rebuild_offers_the_line()
    {
        var asked = Decide(Held, "cgwalters", new LeaseCommand.Reprovision("etcd is broken", Now: true));
        var reclaimed = Decide(asked.State, LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim());
        var forged = Decide(reclaimed.State, "jlebon", new LeaseCommand.Rebuilt());
        var rebuilt = Decide(reclaimed.State, LeaseEngine.ScheduleActor, new LeaseCommand.Rebuilt());

        Assert.True(asked.State.IsFree);
        Assert.Contains(new Effect.Notify("miabbott", Notice.Reclaimed, About: "cgwalters", Reason: "etcd is broken"), asked.Effects);
        Assert.Contains(new Effect.RevokeCredentials("miabbott", AccessMode.ReadWrite), asked.Effects);
        Assert.Null(asked.State.Offer);

        // The reclaim before the rebuild changes nothing more: until the rebuild is claimed, the request stands and
        // nobody is offered the cluster (a crash in between leaves the rebuild to do).
        Assert.Equal(asked.State, reclaimed.State);
        Assert.False(reclaimed.Changed);
        Assert.Equal(asked.State, forged.State);
        Assert.Null(rebuilt.State.Reprovision);
        Assert.Equal("jlebon", rebuilt.State.Offer?.User);
        Assert.Equal("lease: team-rhcos was reprovisioned, as @cgwalters asked; @jlebon is offered team-rhcos until 2026-11-29 05:15 UTC", rebuilt.Summary);
    }
}
