using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// Where the state lives (git, in production): snapshots of the config and state, and changes that count only once
/// they are stored. A change is decided on a snapshot and stored only if the snapshot is still current; otherwise
/// the decision is made again on the new one (compare-and-swap), so concurrent writers never lose an update.
/// </summary>
/// <remarks>
/// Failures: <see cref="StateConflictException"/> when every attempt lost a race, <see cref="StatePushRejectedException"/>
/// when the store refused the change for another reason; other failures to reach the store are
/// <see cref="InvalidOperationException"/>s whose message says what could not be reached. Nothing was stored in any of these cases.
/// </remarks>
public interface IStateStore : IDisposable
{
    /// <summary>The current config and state.</summary>
    Task<StateSnapshot> ReadAsync(CancellationToken ct = default);

    /// <summary>
    /// Decides on the current snapshot and stores the change, if any; decides again on the new snapshot when another
    /// writer got there first. <paramref name="decide"/> must therefore depend on its snapshot only.
    /// </summary>
    Task<TransactionResult<T>> TransactAsync<T>(Func<StateSnapshot, Transaction<T>> decide, CommitSource source, CancellationToken ct = default);

    /// <summary>Records the GitHub team members a sync read; the commit, or null when nothing changed.</summary>
    Task<string?> RecordMembersAsync(TeamMembers members, CommitSource source, CancellationToken ct = default);

    /// <summary>
    /// Records the GitHub team members of every team in <paramref name="teams"/> in one commit, which lists what changed;
    /// teams whose record is unchanged are left out, and nothing is committed when none changed.
    /// </summary>
    Task<MembersRecorded> RecordMembersAsync(IReadOnlyList<TeamMembers> teams, CommitSource source, CancellationToken ct = default);

    /// <summary>
    /// Records a cluster's provisioning only if its record still equals <paramref name="expected"/> (null: none yet);
    /// the commit, or null when another writer got there first (the caller that gets a commit does the work).
    /// <paramref name="actor"/> and <paramref name="action"/> are the trailers (a person is also the author); by default the schedule reprovisioning.
    /// </summary>
    Task<string?> RecordClusterAsync(
        ClusterRecord record, ClusterRecord? expected, string subject, CommitSource source, string? actor = null, string? action = null, CancellationToken ct = default);

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

    /// <summary>Every stored change of the cluster's lease, newest first.</summary>
    Task<IReadOnlyList<LeaseTransition>> HistoryAsync(string cluster, CancellationToken ct = default);

    /// <summary>Every cluster's record after each change, oldest first, by cluster (the usage report's phases and release checks).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>>> RecordHistoryAsync(CancellationToken ct = default);

    /// <summary>
    /// Brings what the first <c>history</c> would need (a cache that answered from the tips alone gets the whole
    /// history, and the index <c>history</c> reads is brought up to date), so a long-running process pays for it while
    /// idle rather than in someone's first command.
    /// </summary>
    Task PrepareAsync(CancellationToken ct = default);
}
