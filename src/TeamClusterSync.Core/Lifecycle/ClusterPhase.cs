namespace TeamClusterSync.Core.Lifecycle;

/// <summary>Where a provider's cluster is on its way to being usable (Hive: claim, resume, run, sleep).</summary>
public enum PhaseKind
{
    /// <summary>Waiting for a cluster: Hive has not assigned one to the claim yet.</summary>
    Pending,

    /// <summary>Assigned, and being started: not answering yet.</summary>
    Resuming,

    /// <summary>Running and ready: credentials can be handed out.</summary>
    Running,

    /// <summary>Asleep to save money; woken on the next request.</summary>
    Hibernating,

    /// <summary>The provider gave up on it (a failed start, the cluster deleted under the claim).</summary>
    Failed,
}

/// <summary>
/// A cluster's phase as the bot last saw it, since when, and the provider's reason and words for it (for Hive: the
/// claim's or deployment's condition <c>reason</c> and <c>message</c>, such as <c>NoClusters</c>).
/// </summary>
public sealed record ClusterPhase(PhaseKind Kind, DateTimeOffset Since, string Reason = "", string Message = "");
