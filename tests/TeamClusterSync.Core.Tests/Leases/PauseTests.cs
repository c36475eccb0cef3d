using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>A paused cluster grants nothing new, whoever asks and however; what is already held stays usable.</summary>
public class PauseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 5, 0, 0, TimeSpan.Zero);
    private static readonly Cluster Cluster = new(
        "team-rhcos", "redhat-coreos", "4.6", "https://console.example.com/", ProviderSpec.Simulated,
        new ReprovisionPolicy(null, WhenLeased.Force, null), LeasePolicy.Default with { MaxHolders = 2 });

    private static readonly HashSet<string> Members = new(["cgwalters", "miabbott", "jlebon"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Admins = new(["cgwalters"], StringComparer.OrdinalIgnoreCase);

    private static readonly LeaseState Held = LeaseState.Free("team-rhcos") with
    {
        Holders = [new Holder("miabbott", AccessMode.ReadWrite, Now.AddHours(-1), Now.AddHours(7))],
        Pending = [new PendingRequest("jlebon", Now.AddMinutes(-5))],
    };

    private static LeaseDecision Decide(LeaseState state, string actor, LeaseCommand command) =>
        LeaseEngine.Decide(Cluster, Members, state, actor, command, Now, Admins);

    [Fact]
    public void While_paused_a_holder_cannot_share_nobody_can_ping_and_the_holder_still_gets_a_kubeconfig_again()
    {
        var paused = Decide(Held, "cgwalters", new LeaseCommand.Pause("upgrade")).State;

        Assert.Equal(new Pause("cgwalters", "upgrade", Now), paused.Paused);
        Assert.Equal(Refusal.Paused, Decide(paused, "miabbott", new LeaseCommand.Grant()).Refusal);
        Assert.Equal(Refusal.Paused, Decide(paused, "cgwalters", new LeaseCommand.Ping()).Refusal);
        Assert.Contains(new Effect.IssueCredentials("miabbott", AccessMode.ReadWrite, Now.AddHours(7)), Decide(paused, "miabbott", new LeaseCommand.Request()).Effects);
        Assert.Equal(Refusal.AlreadyPaused, Decide(paused, "cgwalters", new LeaseCommand.Pause("again")).Refusal);
    }

    [Fact]
    public void Pausing_withdraws_an_offer_so_the_offered_person_keeps_their_place_in_line()
    {
        var offered = LeaseState.Free("team-rhcos") with { Line = [new Waiter("jlebon", Now.AddHours(-1), Now.AddMinutes(10))] };

        var paused = Decide(offered, "cgwalters", new LeaseCommand.Pause("upgrade")).State;
        var later = LeaseEngine.Decide(Cluster, Members, paused, LeaseEngine.ScheduleActor, new LeaseCommand.Expire(), Now.AddHours(1), Admins);

        Assert.Equal([new Waiter("jlebon", Now.AddHours(-1))], later.State.Line);
        Assert.False(later.Changed);
    }

    [Fact]
    public void The_schedule_still_reclaims_a_paused_cluster_for_reprovisioning_without_offering_it()
    {
        var paused = Decide(Held with { Line = [new Waiter("jlebon", Now)] }, "cgwalters", new LeaseCommand.Pause("upgrade")).State;

        var reclaimed = LeaseEngine.Decide(Cluster, Members, paused, LeaseEngine.ScheduleActor, new LeaseCommand.Reclaim(), Now);

        Assert.True(reclaimed.State.IsFree);
        Assert.Null(reclaimed.State.Offer);
        Assert.NotNull(reclaimed.State.Paused);
    }
}
