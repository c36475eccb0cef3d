using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.Core.Model;

/// <summary><c>teamclustersync.yaml</c>: global settings and the defaults clusters inherit.</summary>
public sealed record Settings(
    string? GitHubOrg,
    string? SlackWorkspace,
    LeaseDefaults LeaseDefaults,
    Schedule? DefaultReprovision,
    string? StateBranch)
{
    public static Settings Default { get; } = new(null, null, LeaseDefaults.Default, null, null);

    /// <summary>The team sync's guards (<c>sync:</c>).</summary>
    public SyncGuards Sync { get; init; } = SyncGuards.Default;
}

public sealed record LeaseDefaults(TimeSpan MaxDuration, TimeSpan ReminderBefore)
{
    public static LeaseDefaults Default { get; } = new(TimeSpan.FromHours(8), TimeSpan.FromMinutes(30));
}

/// <summary>A Quartz cron expression evaluated in an IANA time zone.</summary>
public sealed record Schedule(string Cron, string TimeZone);
