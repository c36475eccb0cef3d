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

    /// <summary>
    /// Global admins (<c>admins:</c>): leads of every team, who may reclaim, pause, resume and reprovision any cluster.
    /// They are not members of the teams for it: requesting a cluster still takes a team. Logins joined by spaces (a
    /// string, so settings compare by value); <see cref="Admins"/> lists them.
    /// </summary>
    public string AdminLogins { get; init; } = "";

    /// <summary>The logins in <see cref="AdminLogins"/>.</summary>
    public IReadOnlyList<string> Admins => AdminLogins.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>When each team channel gets the usage digest of the week before (<c>digest:</c>); null: never.</summary>
    public Schedule? Digest { get; init; }
}

public sealed record LeaseDefaults(TimeSpan MaxDuration, TimeSpan ReminderBefore)
{
    public static LeaseDefaults Default { get; } = new(TimeSpan.FromHours(8), TimeSpan.FromMinutes(30));

    /// <summary>How long the first in line has to take a freed cluster before it is offered to the next.</summary>
    public TimeSpan OfferWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a ping waits for the holders' answer before the requester is told and offered the line.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromHours(2);
}

/// <summary>A Quartz cron expression evaluated in an IANA time zone.</summary>
public sealed record Schedule(string Cron, string TimeZone);
