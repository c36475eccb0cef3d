using Quartz;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config;

/// <summary>Evaluates a validated <see cref="Schedule"/> (Quartz cron in an IANA time zone).</summary>
public static class Schedules
{
    /// <summary>The first time the schedule fires strictly after <paramref name="after"/>, or null if it never does.</summary>
    public static DateTimeOffset? NextAfter(Schedule schedule, DateTimeOffset after)
    {
        var cron = new CronExpression(schedule.Cron, TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone));
        return cron.GetNextValidTimeAfter(after);
    }
}
