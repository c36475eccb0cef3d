using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Core.Tests.Leases;

internal static class LeaseAssert
{
    /// <summary>The command was refused for <paramref name="why"/>, told only to the actor, and the state is untouched.</summary>
    public static void Refused(LeaseDecision decision, LeaseState before, string actor, Refusal why, string? about = null)
    {
        Assert.Equal([new LeaseEffect.Notify(actor, Notice.Refused, About: about, Why: why)], decision.Effects);
        Assert.Equal(why, decision.Refusal);
        Assert.Null(decision.Summary);
        Assert.False(decision.Changed);
        Assert.True(decision.State.SameAs(before));
    }

    /// <summary>Nothing to commit: the decision only talks (or re-issues what is already recorded).</summary>
    public static void Unchanged(LeaseDecision decision, LeaseState before)
    {
        Assert.Null(decision.Summary);
        Assert.False(decision.Changed);
        Assert.Null(decision.Refusal);
        Assert.True(decision.State.SameAs(before));
    }
}
