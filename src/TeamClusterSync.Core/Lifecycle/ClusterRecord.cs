namespace TeamClusterSync.Core.Lifecycle;

/// <summary>
/// <c>state/clusters/&lt;cluster&gt;.yaml</c>: how many times the cluster was provisioned, and when last; and what the
/// last release check found, once one ran. For a provider that reports phases (Hive): the <see cref="Phase"/> last
/// seen, the running cluster's <see cref="ConsoleUrl"/> and <see cref="ApiUrl"/> (each claim is a new cluster), and
/// who holds it but still waits for credentials (<see cref="AwaitingCredentials"/>: logins joined by spaces, a string
/// so records compare by value). A rebuild a team admin asked for names the time of that request
/// (<see cref="RebuiltAsAskedAt"/>), so the request is settled exactly once, also after a crash.
/// </summary>
public sealed record ClusterRecord(
    string Cluster,
    int Generation,
    DateTimeOffset ProvisionedAt,
    ReleaseCheck? LastRelease = null,
    ClusterPhase? Phase = null,
    string? ConsoleUrl = null,
    string? ApiUrl = null,
    string AwaitingCredentials = "",
    DateTimeOffset? RebuiltAsAskedAt = null)
{
    /// <summary>The logins in <see cref="AwaitingCredentials"/>.</summary>
    public IReadOnlyList<string> Awaiting => AwaitingCredentials.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

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
