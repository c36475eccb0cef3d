using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Tests.Leases;
using TeamClusterSync.Core.Usage;

namespace TeamClusterSync.Core.Tests.Usage;

public sealed class UsageCalculatorTests
{
    private static readonly DateTimeOffset T0 = LeaseScenario.T0;

    private readonly LeaseScenario lease = new();
    private readonly List<UsageStep> steps = [];

    [Fact]
    public void A_day_of_holds_pings_a_refusal_the_line_and_a_nap_adds_up_to_known_figures()
    {
        WriteTheDay();
        var history = new UsageHistory("team-rhcos", "redhat-coreos", steps, Phases, Releases);

        var figures = UsageCalculator.Compute(history, T0, T0.AddHours(10));

        Assert.Equal(TimeSpan.FromHours(6), figures.ReadWrite); // alice 10:00-15:00, carol 15:10-16:10
        Assert.Equal(TimeSpan.FromHours(2), figures.ReadOnly); // dave 13:00-15:00
        Assert.Equal(TimeSpan.FromHours(3), figures.Idle); // 09:00-10:00, 15:00-15:10, 16:10-17:00, 18:00-19:00
        Assert.Equal(TimeSpan.FromHours(1), figures.Hibernating); // 17:00-18:00
        Assert.Equal(["alice", "bob", "carol", "dave"], figures.People);
        Assert.Equal(new WaitFigures(2, TimeSpan.FromMinutes(45), TimeSpan.FromHours(1)), figures.PingWaits); // 30m and 1h
        Assert.Equal(new WaitFigures(1, TimeSpan.FromHours(1), TimeSpan.FromHours(1)), figures.LineWaits); // carol 14:00-15:00
        Assert.Equal((1, 1, 1, 1, 0), (figures.PingsGranted, figures.PingsRefused, figures.Extensions, figures.DirtyReleases, figures.Reclaims));
        Assert.Equal(
            [
                new UsageSpan(T0, T0.AddHours(1), SpanKind.Idle),
                new UsageSpan(T0.AddHours(1), T0.AddHours(6), SpanKind.ReadWrite, "alice"),
                new UsageSpan(T0.AddHours(6), At(6, 10), SpanKind.Idle),
                new UsageSpan(At(6, 10), At(7, 10), SpanKind.ReadWrite, "carol"),
                new UsageSpan(At(7, 10), T0.AddHours(8), SpanKind.Idle),
                new UsageSpan(T0.AddHours(8), T0.AddHours(9), SpanKind.Hibernating),
                new UsageSpan(T0.AddHours(9), T0.AddHours(10), SpanKind.Idle),
            ],
            figures.Spans);
    }

    [Fact]
    public void A_period_that_starts_mid_hold_carries_the_lease_in_and_counts_only_what_happened_inside()
    {
        WriteTheDay();
        var history = new UsageHistory("team-rhcos", "redhat-coreos", steps, Phases, Releases);

        // From 10:00 (alice's request, at that very time, is not in it) to 12:00.
        var figures = UsageCalculator.Compute(history, T0.AddHours(1), T0.AddHours(3));

        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.Zero, TimeSpan.Zero), (figures.ReadWrite, figures.ReadOnly, figures.Idle));
        Assert.Equal(["alice", "bob"], figures.People);
        Assert.Equal(new WaitFigures(1, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)), figures.PingWaits);
        Assert.Equal(WaitFigures.None, figures.LineWaits);
        Assert.Equal((1, 0, 0, 0), (figures.PingsGranted, figures.PingsRefused, figures.Extensions, figures.DirtyReleases));
    }

    [Fact]
    public void A_leads_reclaim_counts_and_the_schedules_release_before_a_reprovisioning_does_not()
    {
        var held = new LeaseState("team-rhcos", [new Holder("alice", AccessMode.ReadWrite, T0, T0.AddHours(8))], [], []);
        var free = LeaseState.Free("team-rhcos");
        UsageStep[] history =
        [
            new(T0, "alice", "request", held),
            new(T0.AddHours(1), "lead", UsageCalculator.ReclaimAction, free),
            new(T0.AddHours(2), "alice", "request", held with { Holders = [new Holder("alice", AccessMode.ReadWrite, T0.AddHours(2), T0.AddHours(10))] }),
            new(T0.AddHours(3), LeaseEngine.ScheduleActor, UsageCalculator.ReclaimAction, free),
        ];

        var figures = UsageCalculator.Compute(new UsageHistory("team-rhcos", "redhat-coreos", history, [], []), T0.AddMinutes(-1), T0.AddHours(4));

        Assert.Equal(1, figures.Reclaims);
        Assert.Equal(TimeSpan.FromHours(2), figures.ReadWrite);
    }

    [Fact]
    public void A_lease_counts_until_it_runs_out_even_before_a_sweep_removes_it()
    {
        var held = new LeaseState("team-rhcos", [new Holder("alice", AccessMode.ReadWrite, T0, T0.AddHours(8))], [new Reader("bob", T0, T0.AddHours(2))], []);
        UsageStep[] history = [new(T0, "alice", "request", held), new(T0.AddHours(9), LeaseEngine.ScheduleActor, "expire", LeaseState.Free("team-rhcos"))];

        var figures = UsageCalculator.Compute(new UsageHistory("team-rhcos", "redhat-coreos", history, [], []), T0, T0.AddHours(10));

        Assert.Equal((TimeSpan.FromHours(8), TimeSpan.FromHours(2), TimeSpan.FromHours(2)), (figures.ReadWrite, figures.ReadOnly, figures.Idle));
        Assert.Equal([new UsageSpan(T0, T0.AddHours(8), SpanKind.ReadWrite, "alice"), new UsageSpan(T0.AddHours(8), T0.AddHours(10), SpanKind.Idle)], figures.Spans);
    }

    [Fact]
    public void An_empty_history_is_a_period_of_idle_time_and_no_waits()
    {
        var figures = UsageCalculator.Compute(new UsageHistory("team-ops", "ops", [], [], []), T0, T0.AddDays(7));

        Assert.Equal(TimeSpan.FromDays(7), figures.Idle);
        Assert.Equal((TimeSpan.Zero, 0, WaitFigures.None), (figures.ReadWrite, figures.People.Count, figures.PingWaits));
        Assert.Equal([new UsageSpan(T0, T0.AddDays(7), SpanKind.Idle)], figures.Spans);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Null(UsageCalculator.Median([]));
        Assert.Equal(TimeSpan.FromMinutes(2), UsageCalculator.Median([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(9)]));
        Assert.Equal(TimeSpan.FromMinutes(5), UsageCalculator.Median([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(60)]));
    }

    /// <summary>The cluster hibernates from 17:00 to 18:00.</summary>
    private static IReadOnlyList<ClusterPhase> Phases =>
        [new(PhaseKind.Running, T0.AddDays(-1)), new(PhaseKind.Hibernating, T0.AddHours(8)), new(PhaseKind.Running, T0.AddHours(9))];

    /// <summary>carol's release is checked dirty; one dirty release before the period does not count, a clean one never does.</summary>
    private static IReadOnlyList<ReleaseCheck> Releases =>
    [
        new(ReleaseOutcome.Dirty, "ClusterVersion has 1 entry in spec.overrides", T0.AddDays(-2), "bob"),
        new(ReleaseOutcome.Clean, "", T0.AddHours(6), "bob"),
        new(ReleaseOutcome.Dirty, "ClusterVersion has 1 entry in spec.overrides", At(7, 10), "carol"),
    ];

    private static DateTimeOffset At(int hours, int minutes) => T0.AddHours(hours).AddMinutes(minutes);

    /// <summary>
    /// From 09:00: alice takes it at 10:00; bob pings at 11:00 and is let in at 11:30; carol pings the full cluster at
    /// 12:00 and is refused at 13:00, when dave reads it; alice extends at 14:00, when carol gets in line; at 15:00 all
    /// three are done and carol is offered it; she takes it at 15:10 and is done at 16:10.
    /// </summary>
    private void WriteTheDay()
    {
        Do(1, 0, "alice", new LeaseCommand.Request());
        Do(2, 0, "bob", new LeaseCommand.Ping());
        Do(2, 30, "alice", new LeaseCommand.Grant());
        Do(3, 0, "carol", new LeaseCommand.Ping());
        Do(4, 0, "alice", new LeaseCommand.Deny("busy until tonight"));
        Do(4, 0, "dave", new LeaseCommand.RequestReadOnly());
        Do(5, 0, "alice", new LeaseCommand.Extend());
        Do(5, 0, "carol", new LeaseCommand.Wait());
        Do(6, 0, "dave", new LeaseCommand.Done());
        Do(6, 0, "alice", new LeaseCommand.Done());
        Do(6, 0, "bob", new LeaseCommand.Done());
        Do(6, 10, "carol", new LeaseCommand.Request());
        Do(7, 10, "carol", new LeaseCommand.Done());
    }

    private void Do(int hours, int minutes, string actor, LeaseCommand command)
    {
        lease.Advance(At(hours, minutes) - lease.Now);
        var decision = lease.Do(actor, command);
        Assert.True(decision.Changed, $"{actor} {command.Action} at {lease.Now:HH:mm} changed nothing");
        steps.Add(new UsageStep(lease.Now, actor, command.Action, decision.State));
    }
}
