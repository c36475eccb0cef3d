namespace TeamClusterSync.Core.Leases;

/// <summary>
/// Who should hear that their lease is about to end. Stateless on purpose: a holder is due when the reminder time
/// (<c>expires - reminderBefore</c>) fell inside the last sweep period, so a sweep every <c>period</c> reminds each
/// holder once without recording anything in git.
/// </summary>
public static class LeaseReminders
{
    public static IEnumerable<Holder> Due(LeaseState lease, TimeSpan reminderBefore, DateTimeOffset now, TimeSpan period) =>
        lease.Holders.Where(h => h.Expires > now && h.Expires - reminderBefore <= now && now < h.Expires - reminderBefore + period);
}
