namespace TeamClusterSync.App.Ports;

/// <summary>
/// What the app asks of the state's past (git history, in production): a cluster's lease transitions, the last lease
/// that could be read before a broken file, and rewrites of the history. Answering needs more of the history than
/// reading and writing the state do, so a long-running process prepares it while idle.
/// </summary>
public interface ILeaseHistory
{
    /// <summary>Every stored change of the cluster's lease, newest first.</summary>
    Task<IReadOnlyList<LeaseTransition>> HistoryAsync(string cluster, CancellationToken ct = default);

    /// <summary>Every cluster's record after each change, oldest first, by cluster (the usage report's phases and release checks).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>>> RecordHistoryAsync(CancellationToken ct = default);

    /// <summary>
    /// The newest readable revision of the cluster's lease file on the state branch's first-parent line, for a file that
    /// cannot be read at the tip; null when the file at the tip is readable (or absent).
    /// </summary>
    Task<ReadableLease?> LastReadableLeaseAsync(string cluster, CancellationToken ct = default);

    /// <summary>
    /// The rewrites of the state branch's history seen since the last call (a tip that does not contain the one seen
    /// before it: a force-push), oldest first; each is handed out once.
    /// </summary>
    IReadOnlyList<HistoryRewrite> TakeRewrites();

    /// <summary>
    /// Brings what the first <see cref="HistoryAsync"/> would need (a cache that answered from the tips alone gets the
    /// whole history, and the index it reads is brought up to date), so a long-running process pays for it while idle
    /// rather than in someone's first command.
    /// </summary>
    Task PrepareAsync(CancellationToken ct = default);
}
