using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// What a decision returns: the answer for the caller and, when the lease changed, what to commit; and a cluster
/// record to commit after it in the same push (a release check done by the time the release was decided).
/// </summary>
public sealed record Transaction<T>(T Value, StateChange? Change, RecordChange? Record = null);

/// <summary>A cluster's record to write as a commit of its own: <c>state/clusters/&lt;cluster&gt;.yaml</c>, why, and who acted (trailers, and the author).</summary>
public sealed record RecordChange(ClusterRecord Record, string Subject, string Actor, string Action);

/// <summary>
/// A lease file to write: the new state, the commit subject (<c>lease: @alice took team-rhcos (read-write)</c>),
/// and who did what, recorded as <c>Actor:</c> and <c>Action:</c> trailers (the actor is also the commit's author,
/// unless it is the schedule), and a person's reason for it (a refusal's words), recorded as a <c>Reason:</c> trailer.
/// </summary>
public sealed record StateChange(LeaseState State, string Subject, string Actor, string Action, string? Reason = null);

/// <summary>
/// The decision that held once its commit was pushed. <see cref="CommitId"/> is null when nothing was committed (the
/// lease change's commit when there is a <see cref="Transaction{T}.Record"/> too);
/// <see cref="Attempts"/> counts the decide-and-push rounds (more than one when another writer won a race).
/// </summary>
public sealed record TransactionResult<T>(T Value, string? CommitId, int Attempts);

/// <summary>
/// One commit that changed a cluster's lease file, read back from git; <see cref="State"/> is the state after it.
/// <see cref="Unreadable"/> says why the file could not be read at this commit (a human committed invalid YAML); the
/// state is then that of a free cluster, which is not what the file said.
/// </summary>
public sealed record LeaseTransition(
    string CommitId, DateTimeOffset When, string Subject, string? Actor, string? Action, string? Source, LeaseState State, string? Unreadable = null);

/// <summary>
/// The newest readable revision of a lease file that cannot be read now: its state, the commit it is from (null: the file
/// had none, so the cluster was free), and the commit that followed it and left the file unreadable.
/// </summary>
public sealed record ReadableLease(LeaseState State, string? Commit, string BrokenCommit);

/// <summary>
/// The state branch's history was rewritten: the tip fetched, <see cref="NewTip"/>, does not contain <see cref="OldTip"/>,
/// the one seen before. <see cref="OldLeases"/> are the (readable) leases at the old tip, so who lost one can be told.
/// </summary>
public sealed record HistoryRewrite(string Branch, string OldTip, string NewTip, IReadOnlyList<LeaseState> OldLeases);
