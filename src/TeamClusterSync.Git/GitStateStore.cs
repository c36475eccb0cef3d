using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Sync;
using TeamClusterSync.Git.History;
using TeamClusterSync.Git.Remotes;
using TeamClusterSync.Git.Writes;

namespace TeamClusterSync.Git;

/// <summary>
/// The state kept in git. Reads come from one snapshot of the remote's tips held in memory (see
/// GitStateStore.Snapshot.cs), fetched again in the background and never older than
/// <see cref="GitStateStoreOptions.SnapshotMaxAge"/>. Every change is a commit on one file under <c>state/</c>, decided
/// on that snapshot and built in memory on its tip, and it counts only once pushed: the push is the compare-and-swap,
/// and only a refused push costs a fetch, after which the decision is made again on the new tip (see
/// GitStateStore.Writes.cs). Since every commit sits on a tip the remote had, human commits are never overwritten,
/// and nothing is ever force-pushed.
/// </summary>
public sealed partial class GitStateStore : IStateStore, ILeaseHistory
{
    /// <summary>The <c>Actor:</c> of membership commits: the sync job, not a person.</summary>
    private const string SyncActor = "sync";

    private readonly GitStateStoreOptions options;
    private readonly string cache;
    private Repository repo;
    private OriginRemote origin;
    private readonly SemaphoreSlim gate = new(1, 1);
    private static readonly TimeSpan DisposePatience = TimeSpan.FromSeconds(30);
    private bool disposed;

    /// <summary>
    /// Who this store is, in a claim's <c>Replica:</c> trailer. Two replicas claiming the same rebuild in the same second
    /// would otherwise build byte-identical commits, and the push of the second would "succeed" as a no-op: both would
    /// rebuild. With the writer in the message, only one commit can be the tip.
    /// </summary>
    private readonly string writer = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    private readonly CacheLock cacheLock;
    private readonly HistoryRewrites rewrites = new();
    private readonly WriteQueue writes;
    private (ObjectId Config, string? Branch)? stateBranchOf;
    private (bool Exists, long Length, DateTime Written) shallowSeen;

    private GitStateStore(Repository repo, GitStateStoreOptions options, OriginRemote origin, CacheLock cacheLock)
    {
        this.repo = repo;
        cache = Path.GetFullPath(options.CacheDirectory);
        this.options = options;
        this.origin = origin;
        this.cacheLock = cacheLock;
        shallowSeen = ShallowFile();
        writes = new WriteQueue(StoreBatchAsync);
    }

    /// <summary>What the operator should hear about how the store was opened (e.g. a token found in the URL).</summary>
    public IReadOnlyList<string> Warnings => origin.Location.UrlToken is null ? [] :
    [
        "the token in the repo URL was taken out of it and is kept in memory only; "
        + $"prefer {options.TokenVariable}, which stays out of shell history and process lists",
    ];

    /// <summary>Test hook: runs with the newest commit of a batch after it is created and before it is pushed (a crash point).</summary>
    internal Func<string, Task>? BeforePush { get; set; }

    /// <summary>How many writes wait for the next push (tests line writes up behind a push in flight with it).</summary>
    internal int WaitingWrites => writes.Waiting;

    /// <summary>
    /// Opens the cache directory's bare clone of the remote (creating it if needed). Nothing is fetched yet: the first
    /// operation fetches, so a command that reads once costs one fetch. A new cache's first read takes only the tips
    /// (a shallow cache), and so do its writes; the first <c>history</c> makes it complete.
    /// </summary>
    public static Task<GitStateStore> OpenAsync(GitStateStoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => Open(options), ct);
    }

    /// <summary>
    /// Decides on the shared snapshot, commits the change (if any) and pushes, with whatever other writes queued behind
    /// the push before; on a lost race, fetches and decides again on the new tip, up to
    /// <see cref="GitStateStoreOptions.MaxAttempts"/> times (then <see cref="StateConflictException"/>). A server-side
    /// refusal throws <see cref="StatePushRejectedException"/> at once.
    /// </summary>
    public Task<TransactionResult<T>> TransactAsync<T>(Func<StateSnapshot, Transaction<T>> decide, CommitSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return WriteAsync(snapshot => Lease(decide(snapshot), source), ct);
    }

    /// <summary>Records many teams' members in <c>state/sync/</c> in one commit whose message lists the changes.</summary>
    public async Task<MembersRecorded> RecordMembersAsync(IReadOnlyList<TeamMembers> teams, CommitSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(teams);
        foreach (var members in teams)
        {
            StatePaths.CheckClusterName(members.Team);
        }

        var result = await WriteAsync(snapshot => MembersCommit(snapshot, teams, source), ct);
        return result.CommitId is null ? MembersRecorded.Nothing : new MembersRecorded(result.CommitId, result.Value);
    }

    /// <summary>Records a (re)provisioning in <c>state/clusters/&lt;cluster&gt;.yaml</c> if the record still equals <paramref name="expected"/>.</summary>
    public async Task<string?> RecordClusterAsync(
        ClusterRecord record, ClusterRecord? expected, string subject, CommitSource source, string? actor = null, string? action = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        StatePaths.CheckClusterName(record.Cluster);
        var file = RecordFile(record, subject, source, actor ?? LeaseEngine.ScheduleActor, action ?? "reprovision");
        var result = await WriteAsync(snapshot => (0, snapshot.Record(record.Cluster) == expected ? [file] : (IReadOnlyList<StateFile>)[]), ct);
        return result.CommitId;
    }

    /// <summary>The newest readable revision of a lease file that is unreadable at the state tip (see <see cref="LastReadableLease"/>).</summary>
    public async Task<ReadableLease?> LastReadableLeaseAsync(string cluster, CancellationToken ct = default)
    {
        StatePaths.CheckClusterName(cluster);
        return await LockedAsync(
            () =>
            {
                // Fetched first: completing a shallow cache reopens the repository, and `repo` must be read after that.
                var parent = FetchTip(wholeHistory: true).Parent;
                return Task.FromResult(LastReadableLease.Find(repo.Lookup<Commit>(parent), cluster));
            },
            ct);
    }

    public IReadOnlyList<HistoryRewrite> TakeRewrites() => rewrites.Take();

    /// <summary>
    /// Fetches the whole history (in the cache's turn) into the shared snapshot, which the next read then finds fresh,
    /// and returns the state branch's tip (null when it has none yet) and its ref.
    /// </summary>
    private (ObjectId? Tip, string StateRef) WholeStateTip()
    {
        var fetched = FetchTip(wholeHistory: true);
        return (fetched.Snapshot.StateCommit is { } sha ? new ObjectId(sha) : null, fetched.StateRef);
    }

    /// <summary>
    /// The whole history in the cache, then the history index brought up to the state branch's tip: two turns in the
    /// cache, so a write waiting for the first need not wait for the index too.
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        var (tip, stateRef) = await LockedAsync(() => Task.FromResult(WholeStateTip()), ct);
        if (tip is not null)
        {
            await LockedAsync(
                () =>
                {
                    HistoryIndex.For(repo, stateRef, options.BotEmail).Prepare(repo, tip, ct);
                    return Task.FromResult(true);
                },
                ct);
        }
    }

    /// <summary>Every commit of the state branch's first-parent line that changed the cluster's lease file, newest first.</summary>
    public async Task<IReadOnlyList<LeaseTransition>> HistoryAsync(string cluster, CancellationToken ct = default)
    {
        StatePaths.CheckClusterName(cluster);
        return await LockedAsync<IReadOnlyList<LeaseTransition>>(
            () => WholeStateTip() is ({ } tip, var stateRef) ? HistoryIndex.For(repo, stateRef, options.BotEmail).Read(repo, tip, cluster, ct) : [],
            ct);
    }

    /// <summary>Every commit of the state branch's first-parent line that changed a cluster record, oldest first, by cluster.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>>> RecordHistoryAsync(CancellationToken ct = default) =>
        await LockedAsync<IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>>>(
            () => WholeStateTip() is ({ } tip, _) ? RecordHistory.Read(repo, tip, options.BotEmail, ct) : new Dictionary<string, IReadOnlyList<ClusterRecordChange>>(),
            ct);

    /// <summary>
    /// Frees the cache's repository once no fetch or write is using it: the background refresh or a queued write may
    /// still be running on another thread, and libgit2 crashes the whole process when a repository is freed under it.
    /// Later calls fail with <see cref="ObjectDisposedException"/>. The gate is not disposed, so a caller still waiting
    /// for its turn gets that exception instead of waiting for ever.
    /// </summary>
    public void Dispose()
    {
        var turn = gate.Wait(DisposePatience);
        disposed = true;
        repo.Dispose();
        if (turn)
        {
            gate.Release();
        }
    }

    private static GitStateStore Open(GitStateStoreOptions options)
    {
        var location = RemoteLocation.Parse(options.Remote);
        var cache = Path.GetFullPath(options.CacheDirectory);
        var cacheLock = new CacheLock(cache, CachePatience(options));
        Repository repo;
        using (cacheLock.Acquire())
        {
            NetworkTimeouts.Apply(options.ConnectTimeout, options.NetworkTimeout);
            repo = CacheClone.Open(cache, location);
        }

        try
        {
            return new GitStateStore(repo, options, new OriginRemote(repo, location, options), cacheLock);
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>LibGit2Sharp is synchronous and its repository not thread-safe: one operation at a time, off the caller's thread.</summary>
    private async Task<T> LockedAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);

            // Other processes may share this cache: they take turns too (see CacheLock).
            using (await cacheLock.AcquireAsync(ct))
            {
                return await Task.Run(
                    () =>
                    {
                        EnsureCache();
                        return work();
                    },
                    ct);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A cache deleted (or gutted) under this process is rebuilt before the operation, which then fetches as a new cache
    /// does; without this, every later operation would fail until a restart.
    /// </summary>
    private void EnsureCache()
    {
        if (CacheClone.IsIntact(cache))
        {
            return;
        }

        repo.Dispose();
        repo = CacheClone.Rebuild(cache, origin.Location);
        origin = new OriginRemote(repo, origin.Location, options);
        stateBranchOf = null;
        tip = null;
        shallowSeen = ShallowFile();
        CacheRebuilds++;
    }

    /// <summary>
    /// libgit2 reads the cache's <c>shallow</c> file (where its history stops) when it opens the repository. One the git
    /// CLI made or changed since (a new cache's first fetch, another process completing the cache) is seen only by a new
    /// instance; without it, a push from a shallow cache walks past where the history stops and fails with "object not
    /// found" (seen with libgit2 0.32), and so would the rewrite check.
    /// </summary>
    private void ReopenIfShallowChanged()
    {
        var now = ShallowFile();
        if (now == shallowSeen)
        {
            return;
        }

        repo.Dispose();
        repo = new Repository(cache);
        origin = new OriginRemote(repo, origin.Location, options);
        shallowSeen = now;
    }

    private (bool Exists, long Length, DateTime Written) ShallowFile()
    {
        var file = new FileInfo(Path.Combine(cache, "shallow"));
        return file.Exists ? (true, file.Length, file.LastWriteTimeUtc) : default;
    }

    /// <summary>How many times this store found its cache gone and built it again (for the operator, and tests).</summary>
    public int CacheRebuilds { get; private set; }

    /// <summary>How long to wait for another process's turn in the cache: its longest operation, with room to spare.</summary>
    private static TimeSpan CachePatience(GitStateStoreOptions options) =>
        (options.ConnectTimeout + options.NetworkTimeout) * options.MaxAttempts / 4 + TimeSpan.FromSeconds(30);

    private Task<T> LockedAsync<T>(Func<T> work, CancellationToken ct) where T : class => LockedAsync(() => Task.FromResult(work()), ct);

    private static (IReadOnlyList<string> Teams, IReadOnlyList<StateFile> Files) MembersCommit(StateSnapshot snapshot, IReadOnlyList<TeamMembers> teams, CommitSource source)
    {
        var changes = MembersChanges.Of(snapshot, teams);
        if (changes.Count == 0)
        {
            return ([], []);
        }

        var names = changes.Select(c => c.Members.Team).ToList();
        var message = CommitMessage.Format(MembersChanges.Subject(changes), MembersChanges.Body(changes), "Team", names, SyncActor, "sync", source);
        return (names, [new StateFile([.. changes.Select(c => new StateFileContent(TeamMembersYaml.PathOf(c.Members.Team), TeamMembersYaml.Write(c.Members)))], message)]);
    }

    /// <summary>A lease transaction's commits: the lease file, then the cluster record it brought along (if any).</summary>
    private (T Value, IReadOnlyList<StateFile> Files) Lease<T>(Transaction<T> transaction, CommitSource source)
    {
        var files = new List<StateFile>();
        if (transaction.Change is { } change)
        {
            StatePaths.CheckClusterName(change.State.Cluster);
            files.Add(new StateFile(
                LeaseStateYaml.PathOf(change.State.Cluster),
                LeaseStateYaml.Write(change.State),
                CommitMessage.Format(change.Subject, "Cluster", change.State.Cluster, change.Actor, change.Action, source, change.Reason),
                CommitMessage.Author(change.Actor)));
        }

        if (transaction.Record is { } record)
        {
            StatePaths.CheckClusterName(record.Record.Cluster);
            files.Add(RecordFile(record.Record, record.Subject, source, record.Actor, record.Action));
        }

        return (transaction.Value, files);
    }

    private StateFile RecordFile(ClusterRecord record, string subject, CommitSource source, string actor, string action) => new(
        ClusterRecordYaml.PathOf(record.Cluster),
        ClusterRecordYaml.Write(record),
        CommitMessage.Format(subject, "Cluster", record.Cluster, actor, action, source, replica: writer),
        CommitMessage.Author(actor));

    /// <summary>
    /// A commit on <paramref name="parent"/> replacing only the given files under state/, whose tree is
    /// <paramref name="definition"/> (<paramref name="parent"/>'s tree, as built so far) with them; null when the bytes are unchanged.
    /// </summary>
    private Commit? CreateCommit(Commit parent, TreeDefinition definition, StateFile file)
    {
        foreach (var content in file.Files)
        {
            using var bytes = new MemoryStream(Encoding.UTF8.GetBytes(content.Content));
            definition.Add(content.Path, repo.ObjectDatabase.CreateBlob(bytes), Mode.NonExecutableFile);
        }

        var tree = repo.ObjectDatabase.CreateTree(definition);
        if (tree.Id == parent.Tree.Id)
        {
            return null;
        }

        var bot = new Signature(options.BotName, options.BotEmail, options.Clock.GetLocalNow());
        var author = file.Author is { } person ? new Signature(person.Name, person.Email, bot.When) : bot;
        return repo.ObjectDatabase.CreateCommit(author, bot, file.Message, tree, [parent], prettifyMessage: false);
    }
}
