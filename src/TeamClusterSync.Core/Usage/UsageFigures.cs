namespace TeamClusterSync.Core.Usage;

/// <summary>What a stretch of a cluster's time was spent as.</summary>
public enum SpanKind
{
    /// <summary>Nobody held or read it, and it was not hibernating.</summary>
    Idle,

    /// <summary>Asleep (Hibernating phase), nobody holding it.</summary>
    Hibernating,

    /// <summary>Someone held it read-write.</summary>
    ReadWrite,

    /// <summary>Only read-only access was held.</summary>
    ReadOnly,
}

/// <summary>A stretch of time the cluster spent one way; <see cref="User"/> is who held it (the first read-write holder, else the first reader).</summary>
public sealed record UsageSpan(DateTimeOffset From, DateTimeOffset To, SpanKind Kind, string? User = null);

/// <summary>How long people waited, over the <see cref="Count"/> waits that ended in the period; null medians when none did.</summary>
public sealed record WaitFigures(int Count, TimeSpan? Median, TimeSpan? Longest)
{
    public static WaitFigures None { get; } = new(0, null, null);
}

/// <summary>
/// One cluster's use from <see cref="From"/> to <see cref="To"/>. Read-write and read-only time overlap when someone
/// read while another held; idle is the time nobody held or read it and it was not hibernating.
/// <see cref="Reclaims"/> counts a person's <c>reclaim</c> (a team lead taking the cluster back), not the schedule's
/// release before a reprovisioning.
/// </summary>
public sealed record UsageFigures(
    string Cluster,
    string Team,
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan ReadWrite,
    TimeSpan ReadOnly,
    TimeSpan Idle,
    TimeSpan Hibernating,
    IReadOnlyList<string> People,
    WaitFigures PingWaits,
    WaitFigures LineWaits,
    int PingsGranted,
    int PingsRefused,
    int Extensions,
    int DirtyReleases,
    int Reclaims,
    IReadOnlyList<UsageSpan> Spans);
