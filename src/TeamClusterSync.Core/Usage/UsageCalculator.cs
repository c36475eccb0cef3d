using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.Core.Usage;

/// <summary>
/// A cluster's usage over a period, from its history alone: no I/O, no clock but the period given. A step's time is its
/// commit's: the lease after a step lasts until the next step. What happened in the period counts when its step falls
/// after <c>from</c> and no later than <c>to</c>, so consecutive periods never count a step twice.
/// </summary>
public static class UsageCalculator
{
    /// <summary>The <c>Action:</c> of a lead taking a cluster back. The schedule's release before a reprovisioning uses it too, and is not counted.</summary>
    public const string ReclaimAction = "reclaim";

    private static readonly string GrantAction = new LeaseCommand.Grant().Action;
    private static readonly string DenyAction = new LeaseCommand.Deny("").Action;
    private static readonly string ExtendAction = new LeaseCommand.Extend().Action;

    public static UsageFigures Compute(UsageHistory history, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        var steps = history.Steps.OrderBy(s => s.When).ToList();
        var pieces = Pieces(history.Cluster, steps, [.. history.Phases.OrderBy(p => p.Since)], from, to);
        var inPeriod = InPeriod(history.Cluster, steps, from, to);
        return new UsageFigures(
            history.Cluster,
            history.Team,
            from,
            to,
            Sum(pieces, p => HasReadWrite(p.State)),
            Sum(pieces, p => HasReadOnly(p.State)),
            Sum(pieces, p => !Used(p.State) && !p.Hibernating),
            Sum(pieces, p => p.Hibernating),
            People(pieces),
            Waits(inPeriod.SelectMany(s => Answered(s.Before, s.Step))),
            Waits(inPeriod.SelectMany(s => Offered(s.Before, s.Step))),
            inPeriod.Count(s => s.Step.Action == GrantAction),
            inPeriod.Count(s => s.Step.Action == DenyAction),
            inPeriod.Count(s => s.Step.Action == ExtendAction),
            history.Releases.Count(r => r.Outcome == ReleaseOutcome.Dirty && r.At > from && r.At <= to),
            inPeriod.Count(s => s.Step.Action == ReclaimAction && s.Step.Actor != LeaseEngine.ScheduleActor),
            Spans(pieces));
    }

    /// <summary>The median (the mean of the middle two for an even count), or null for none.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => TimeSpan.FromTicks((sorted[(n / 2) - 1].Ticks + sorted[n / 2].Ticks) / 2),
    };

    /// <summary>
    /// The period cut where a step or a phase begins, or access runs out: within each piece, the lease (what of it has
    /// not run out) and the phase stay the same. Access counts until it expires even when no sweep has removed it yet.
    /// </summary>
    private static List<Piece> Pieces(string cluster, List<UsageStep> steps, List<ClusterPhase> phases, DateTimeOffset from, DateTimeOffset to)
    {
        var expiries = steps.SelectMany(s => s.State.Holders.Select(h => h.Expires).Concat(s.State.Readers.Select(r => r.Expires)));
        List<DateTimeOffset> cuts = [.. steps.Select(s => s.When).Concat(phases.Select(p => p.Since)).Concat(expiries)
            .Where(t => t > from && t < to).Append(from).Append(to).Distinct().Order()];
        var (pieces, step, phase, state, hibernating) = (new List<Piece>(), 0, 0, LeaseState.Free(cluster), false);
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            for (; step < steps.Count && steps[step].When <= cuts[i]; step++)
            {
                state = steps[step].State;
            }

            for (; phase < phases.Count && phases[phase].Since <= cuts[i]; phase++)
            {
                hibernating = phases[phase].Kind == PhaseKind.Hibernating;
            }

            pieces.Add(new Piece(cuts[i], cuts[i + 1], Unexpired(state, cuts[i]), hibernating));
        }

        return pieces;
    }

    /// <summary>Each step in the period with the lease before it.</summary>
    private static List<(LeaseState Before, UsageStep Step)> InPeriod(string cluster, List<UsageStep> steps, DateTimeOffset from, DateTimeOffset to)
    {
        var before = LeaseState.Free(cluster);
        var result = new List<(LeaseState, UsageStep)>();
        foreach (var step in steps)
        {
            if (step.When > from && step.When <= to)
            {
                result.Add((before, step));
            }

            before = step.State;
        }

        return result;
    }

    /// <summary>How long each ping a holder answered (yes or no) in this step had waited.</summary>
    private static IEnumerable<TimeSpan> Answered(LeaseState before, UsageStep step) =>
        step.Action == GrantAction || step.Action == DenyAction
            ? before.Pending.Where(p => !step.State.Pending.Any(q => q.User == p.User && q.Requested == p.Requested)).Select(p => step.When - p.Requested)
            : [];

    /// <summary>How long each person offered the cluster in this step had been in line.</summary>
    private static IEnumerable<TimeSpan> Offered(LeaseState before, UsageStep step) =>
        step.State.Line
            .Where(w => w.OfferedUntil is not null && before.Line.FirstOrDefault(b => b.User == w.User && b.Since == w.Since) is not { OfferedUntil: not null })
            .Select(w => step.When - w.Since);

    private static WaitFigures Waits(IEnumerable<TimeSpan> waits)
    {
        List<TimeSpan> sorted = [.. waits.Order()];
        return sorted.Count == 0 ? WaitFigures.None : new WaitFigures(sorted.Count, Median(sorted), sorted[^1]);
    }

    private static TimeSpan Sum(List<Piece> pieces, Func<Piece, bool> counts) =>
        pieces.Where(counts).Aggregate(TimeSpan.Zero, (sum, p) => sum + (p.To - p.From));

    private static List<string> People(List<Piece> pieces) =>
        [.. pieces.SelectMany(p => p.State.Holders.Select(h => h.User).Concat(p.State.Readers.Select(r => r.User)))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <summary>The pieces as the chart draws them: what each stretch was and who held it, neighbours alike merged.</summary>
    private static List<UsageSpan> Spans(List<Piece> pieces)
    {
        var spans = new List<UsageSpan>();
        foreach (var span in pieces.Select(Span))
        {
            if (spans.Count > 0 && spans[^1] is var last && last.Kind == span.Kind && last.User == span.User && last.To == span.From)
            {
                spans[^1] = last with { To = span.To };
            }
            else
            {
                spans.Add(span);
            }
        }

        return spans;
    }

    private static UsageSpan Span(Piece piece)
    {
        var state = piece.State;
        if (state.Holders.FirstOrDefault(h => h.Mode == AccessMode.ReadWrite) is { } holder)
        {
            return new UsageSpan(piece.From, piece.To, SpanKind.ReadWrite, holder.User);
        }

        var reader = state.Holders.Select(h => h.User).Concat(state.Readers.Select(r => r.User)).FirstOrDefault();
        return reader is not null ? new UsageSpan(piece.From, piece.To, SpanKind.ReadOnly, reader)
            : new UsageSpan(piece.From, piece.To, piece.Hibernating ? SpanKind.Hibernating : SpanKind.Idle);
    }

    private static LeaseState Unexpired(LeaseState state, DateTimeOffset at) =>
        state with { Holders = [.. state.Holders.Where(h => h.Expires > at)], Readers = [.. state.Readers.Where(r => r.Expires > at)] };

    private static bool HasReadWrite(LeaseState state) => state.Holders.Any(h => h.Mode == AccessMode.ReadWrite);

    private static bool HasReadOnly(LeaseState state) => state.Readers.Count > 0 || state.Holders.Any(h => h.Mode == AccessMode.ReadOnly);

    private static bool Used(LeaseState state) => state.Holders.Count > 0 || state.Readers.Count > 0;

    private sealed record Piece(DateTimeOffset From, DateTimeOffset To, LeaseState State, bool Hibernating);
}
