using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// Where the state lives (git, in production): one snapshot of the config and state shared by every reader, and
/// changes that count only once they are stored. A change is decided on the snapshot and stored only if it is still
/// current; otherwise the decision is made again on the new one (compare-and-swap), so concurrent writers never lose
/// an update. Changes that arrive while one is being stored are decided one after another and stored together next.
/// </summary>
/// <remarks>
/// Failures: <see cref="StateConflictException"/> when every attempt lost a race, <see cref="StatePushRejectedException"/>
/// when the store refused the change for another reason; other failures to reach the store are
/// <see cref="InvalidOperationException"/>s whose message says what could not be reached. Nothing was stored in any of these cases.
/// </remarks>
public interface IStateStore : IDisposable
{
    /// <summary>
    /// The current config and state: the shared snapshot, which is never older than the store's bound (15 s for git):
    /// when it is older (or there is none yet) it is read again first, once for every caller waiting.
    /// </summary>
    Task<StateSnapshot> ReadAsync(CancellationToken ct = default);

    /// <summary>The shared snapshot however old, without ever waiting on the store (for <c>/metrics</c>); null before the first read.</summary>
    StateSnapshot? Latest { get; }

    /// <summary>
    /// Reads the state again in the background, often enough that <see cref="ReadAsync"/> never has to wait, until
    /// <paramref name="ct"/> is cancelled; a failed read is handed to <paramref name="failed"/> and tried again.
    /// </summary>
    Task KeepFreshAsync(Action<Exception> failed, CancellationToken ct);

    /// <summary>
    /// Decides on the current snapshot and stores the change, if any; decides again on the new snapshot when another
    /// writer got there first. <paramref name="decide"/> must therefore depend on its snapshot only.
    /// </summary>
    Task<TransactionResult<T>> TransactAsync<T>(Func<StateSnapshot, Transaction<T>> decide, CommitSource source, CancellationToken ct = default);

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
}
