namespace TeamClusterSync.Core.Lifecycle;

/// <summary>
/// <c>state/clusters/&lt;cluster&gt;.yaml</c>: how many times the cluster was provisioned, and when last; and what the
/// last release check found, once one ran.
/// </summary>
public sealed record ClusterRecord(string Cluster, int Generation, DateTimeOffset ProvisionedAt, ReleaseCheck? LastRelease = null);

public enum ReleaseOutcome
{
    /// <summary>Left as the next user expects it.</summary>
    Clean,

    /// <summary>Left dirty, then put back by the bot.</summary>
    Restored,

    /// <summary>Left dirty and kept so: to be reprovisioned early once free, where the cluster says so.</summary>
    Dirty,
}

/// <summary>
/// What the check after the last read-write holder's <c>done</c> found. <see cref="Problems"/> says what is off, in
/// words joined by "; " (a string, so records compare by value), empty when clean.
/// </summary>
public sealed record ReleaseCheck(ReleaseOutcome Outcome, string Problems, DateTimeOffset At, string By);
