using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Lifecycle;

public enum ReprovisionAction
{
    /// <summary>Not due yet (or no schedule).</summary>
    NotDue,

    /// <summary>Flush and rebuild now; anyone holding it is released first.</summary>
    Now,

    /// <summary>Due, but held and the policy is to wait (until <see cref="ReprovisionDecision.ForcedAt"/>, if set).</summary>
    Defer,
}

public sealed record ReprovisionDecision(ReprovisionAction Action, string Reason, DateTimeOffset? ForcedAt = null);

/// <summary>
/// When a cluster is flushed and rebuilt: on its cron cadence; a free cluster at once; a held one at once when the
/// policy says <c>force</c>, else deferred until the lease ends or <c>forceAfter</c> has passed since it was due.
/// </summary>
public static class ReprovisionPlanner
{
    /// <param name="due">The first scheduled time after the last provisioning; null when there is no schedule.</param>
    public static ReprovisionDecision Decide(ReprovisionPolicy policy, LeaseState lease, DateTimeOffset? due, DateTimeOffset now)
    {
        if (due is not { } at || at > now)
        {
            return new(ReprovisionAction.NotDue, "not due");
        }

        var held = lease.HeldOrRead;
        if (!held)
        {
            return new(ReprovisionAction.Now, "scheduled");
        }

        if (policy.WhenLeased == WhenLeased.Force)
        {
            return new(ReprovisionAction.Now, "scheduled; whenLeased is force");
        }

        var forcedAt = at + policy.ForceAfter;
        return forcedAt <= now
            ? new(ReprovisionAction.Now, "deferred while in use, now past forceAfter")
            : new(ReprovisionAction.Defer, "in use", forcedAt);
    }
}
