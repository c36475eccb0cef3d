using System.Globalization;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// A claim's <c>spec.lifetime</c>: a safety net, not the schedule. Should the bot be gone, Hive deletes the claim (and
/// its cluster) a while after the bot would have reprovisioned it: one reprovision cadence, plus the time a leased
/// cluster may be deferred (<c>forceAfter</c>), plus a day. A cluster with no cadence is kept until the bot lets it go.
/// </summary>
internal static class ClaimLifetime
{
    public static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    /// <summary>The lifetime as a Go duration in whole hours (<c>193h</c>), or null for a cluster never reprovisioned on a cadence.</summary>
    public static string? For(ReprovisionPolicy policy, DateTimeOffset now)
    {
        if (policy.Schedule is not { } schedule || Schedules.NextAfter(schedule, now) is not { } next || Schedules.NextAfter(schedule, next) is not { } after)
        {
            return null;
        }

        var lifetime = (after - next) + (policy.ForceAfter ?? TimeSpan.Zero) + Margin;
        return Math.Ceiling(lifetime.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
    }
}
