using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>
/// One step of a random run: a command by someone, or that person leaving/joining the team. The actor is a name
/// from the pool or <see cref="LeaseGen.AHolder"/> / <see cref="LeaseGen.APending"/>, resolved against the state
/// at that step (with <see cref="Pick"/>) so that answers, releases and extensions by the right people are common.
/// </summary>
internal sealed record LeaseStep(TimeSpan Advance, string Actor, int Pick, LeaseCommand? Command)
{
    public string ResolveActor(LeaseState state)
    {
        var candidates = Actor switch
        {
            LeaseGen.AHolder => state.Holders.Select(h => h.User).ToList(),
            LeaseGen.APending => state.Pending.Select(p => p.User).ToList(),
            LeaseGen.AWaiter => state.Line.Select(w => w.User).ToList(),
            _ => [Actor],
        };
        return candidates.Count > 0 ? candidates[Pick % candidates.Count] : LeaseGen.Pool[Pick % LeaseGen.Pool.Length];
    }

    public override string ToString() =>
        $"+{Advance.TotalMinutes}m {Actor}#{Pick} {(Command is null ? "toggles membership" : Describe(Command))}";

    private static string Describe(LeaseCommand command) => command switch
    {
        LeaseCommand.Grant g => $"yes {g.User}",
        LeaseCommand.Deny d => $"no {d.Reason} {d.User}",
        LeaseCommand.Extend e => $"extend {e.By}",
        _ => command.Action,
    };
}

internal sealed record LeaseRun(Cluster Cluster, bool Churn, LeaseStep[] Steps)
{
    public override string ToString() =>
        $"maxHolders={Cluster.Lease.MaxHolders} allowReadOnly={Cluster.Lease.AllowReadOnly} maxDuration={Cluster.Lease.MaxDuration} "
        + $"pingTimeout={Cluster.Lease.PingTimeout} offerWindow={Cluster.Lease.OfferWindow}"
        + Environment.NewLine + string.Join(Environment.NewLine, Steps.Select((s, i) => $"  {i}: {s}"));
}
