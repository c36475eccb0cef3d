using CsCheck;
using TeamClusterSync.Core.Leases;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;

namespace TeamClusterSync.Core.Tests.Leases;

internal static class LeaseGen
{
    /// <summary>Four members, two outsiders: enough overlap that pings, grants and refusals all happen often.</summary>
    public static readonly string[] Pool = ["alice", "bob", "carol", "dave", "mallory", "eve"];

    /// <summary>Stands for one of the holders at that step.</summary>
    public const string AHolder = "<holder>";

    /// <summary>Stands for one of the pending requesters at that step.</summary>
    public const string APending = "<pending>";

    /// <summary>Stands for one of the people in line at that step.</summary>
    public const string AWaiter = "<waiter>";

    /// <summary>Three busy members, a quiet one, two outsiders.</summary>
    private static readonly Gen<string> Named = Gen.Frequency(
        (3, "alice"), (3, "bob"), (3, "carol"), (1, "dave"), (1, "mallory"), (1, "eve"));

    private static readonly Gen<string> Holder = Gen.Const(AHolder);

    private static readonly Gen<TimeSpan> Advance = Gen.Frequency(
        (10, Gen.Const(TimeSpan.Zero)),
        (6, Gen.OneOf(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30))),
        (2, Gen.OneOf(TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4))),
        (1, Gen.OneOf(TimeSpan.FromHours(8), TimeSpan.FromDays(1))));

    private static readonly Gen<TimeSpan> ExtendBy = Gen.OneOf(
        TimeSpan.FromHours(-5), TimeSpan.Zero, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromDays(1), TimeSpan.FromDays(3));

    /// <summary>Who does what: answers, releases and extensions mostly come from holders, as in real use.</summary>
    private static readonly Gen<(string Actor, LeaseCommand Command)> Act = Gen.Frequency(
        (5, By(Named, new LeaseCommand.Request())),
        (2, By(Named, new LeaseCommand.RequestReadOnly())),
        (5, By(Named, new LeaseCommand.Ping())),
        (4, By(Holder, new LeaseCommand.Grant())),
        (1, By(Named, new LeaseCommand.Grant())),
        (1, Gen.Select(Named, u => (AHolder, (LeaseCommand)new LeaseCommand.Grant(u)))),
        (2, By(Holder, new LeaseCommand.Deny("busy"))),
        (1, By(Named, new LeaseCommand.Deny("busy"))),
        (1, Gen.Select(Named, u => (AHolder, (LeaseCommand)new LeaseCommand.Deny("not now", u)))),
        (2, By(Holder, new LeaseCommand.Done())),
        (1, By(Gen.Const(APending), new LeaseCommand.Done())),
        (2, By(Named, new LeaseCommand.Done())),
        (1, By(Holder, new LeaseCommand.Extend())),
        (1, By(Holder, new LeaseCommand.Auth())),
        (1, By(Named, new LeaseCommand.Auth())),
        (1, Gen.Select(ExtendBy, by => (AHolder, (LeaseCommand)new LeaseCommand.Extend(by)))),
        (1, Gen.Select(Named, ExtendBy, (u, by) => (u, (LeaseCommand)new LeaseCommand.Extend(by)))),
        (1, By(Gen.Const(LeaseEngine.ScheduleActor), new LeaseCommand.Expire())),
        (1, By(Gen.Const(LeaseEngine.ScheduleActor), new LeaseCommand.Expire(EndDeparted: true))),
        (4, By(Named, new LeaseCommand.Wait())),
        (1, By(Named, new LeaseCommand.Leave())),
        (1, By(Gen.Const(AWaiter), new LeaseCommand.Leave())),
        (3, By(Gen.Const(AWaiter), new LeaseCommand.Request())),
        (1, By(Gen.Const(AWaiter), new LeaseCommand.Done())));

    public static Gen<LeaseRun> Run(bool churn)
    {
        var step = Gen.Select(Advance, Act, Gen.Int[0, 5], Gen.Int[0, 19], (advance, act, pick, roll) =>
            churn && roll == 0 ? new LeaseStep(advance, act.Actor, pick, null) : new LeaseStep(advance, act.Actor, pick, act.Command));
        var cluster = Gen.Select(
            Gen.Int[1, 3],
            Gen.Bool,
            Gen.OneOf(TimeSpan.FromMinutes(90), TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromDays(2)),
            Gen.OneOf(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromDays(1)),
            Gen.OneOf(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)),
            (maxHolders, allowReadOnly, maxDuration, pingTimeout, offerWindow) => MakeCluster(maxHolders, allowReadOnly, maxDuration, pingTimeout, offerWindow));
        return Gen.Select(cluster, step.Array[0, 40], (c, steps) => new LeaseRun(c, churn, steps));
    }

    private static Gen<(string, LeaseCommand)> By(Gen<string> actor, LeaseCommand command) =>
        actor.Select(a => (a, command));
}
