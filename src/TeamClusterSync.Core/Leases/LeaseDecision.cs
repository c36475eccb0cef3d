namespace TeamClusterSync.Core.Leases;

/// <summary>
/// What the lease rules decided: the new state, what to do once it is committed, and (when the state changed)
/// the one-line description used as the commit subject, and a person's reason to record with it (a refusal's words).
/// </summary>
public sealed record LeaseDecision(LeaseState State, IReadOnlyList<LeaseEffect> Effects, string? Summary, string? Reason = null)
{
    /// <summary>True when <see cref="State"/> differs from the input and must be committed before effects run.</summary>
    public bool Changed => Summary is not null;

    public Refusal? Refusal =>
        Effects.OfType<LeaseEffect.Notify>().FirstOrDefault(n => n.Notice == Notice.Refused)?.Why;
}
