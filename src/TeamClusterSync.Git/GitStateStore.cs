using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Sync;
using TeamClusterSync.Git.History;
using TeamClusterSync.Git.Remotes;

namespace TeamClusterSync.Git;

/// <summary>
/// The state kept in git. Every change is a commit on one file under <c>state/</c>, built in memory on top of the
/// remote's tip as just fetched, and it counts only once pushed: the push is the compare-and-swap. When another
/// writer got there first the decision is made again on the new tip. Since every commit sits on the fetched tip,
/// human commits are never overwritten, and nothing is ever force-pushed. Each operation fetches once.
/// </summary>
public sealed class GitStateStore : IStateStore
{
    /// <summary>The <c>Actor:</c> of membership commits: the sync job, not a person.</summary>
    private const string SyncActor = "sync";

    private readonly GitStateStoreOptions options;
    private readonly string cache;
    private Repository repo;
    private OriginRemote origin;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>
    /// Who this store is, in a claim's <c>Replica:</c> trailer. Two replicas claiming the same rebuild in the same second
    /// would otherwise build byte-identical commits, and the push of the second would "succeed" as a no-op: both would
    /// rebuild. With the writer in the message, only one commit can be the tip.
    /// </summary>
    private readonly string writer = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    private readonly CacheLock cacheLock;
    private readonly HistoryRewrites rewrites = new();
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
    }

    /// <summary>What the operator should hear about how the store was opened (e.g. a token found in the URL).</summary>
    public IReadOnlyList<string> Warnings => origin.Location.UrlToken is null ? [] :
    [
        "the token in the repo URL was taken out of it and is kept in memory only; "
        + $"prefer {options.TokenVariable}, which stays out of shell history and process lists",
    ];

    /// <summary>Test hook: runs with the new commit id after it is created and before it is pushed (a crash point).</summary>
    internal Func<string, Task>? BeforePush { get; set; }

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

    public async Task<StateSnapshot> ReadAsync(CancellationToken ct = default) =>
        await LockedAsync(() => Snapshot(Fetch()).Snapshot, ct);

    /// <summary>
    /// Fetches, decides on the tip, commits the change (if any) and pushes; on a lost race, decides again on the
    /// new tip, up to <see cref="GitStateStoreOptions.MaxAttempts"/> times (then <see cref="StateConflictException"/>).
    /// A server-side refusal throws <see cref="StatePushRejectedException"/> at once.
    /// </summary>
    public async Task<TransactionResult<T>> TransactAsync<T>(Func<StateSnapshot, Transaction<T>> decide, CommitSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return await LockedAsync(() => TransactLockedAsync(snapshot => Lease(decide(snapshot), source), ct), ct);
    }

    /// <summary>Records the GitHub team members a sync read in <c>state/sync/&lt;team&gt;.yaml</c>.</summary>
    public Task<string?> RecordMembersAsync(TeamMembers members, CommitSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        StatePaths.CheckClusterName(members.Team);
        var file = new StateFile(
            TeamMembersYaml.PathOf(members.Team),
            TeamMembersYaml.Write(members),
            CommitMessage.Format($"sync: team {members.Team} has {members.Logins.Count} GitHub member(s)", "Team", members.Team, SyncActor, "sync", source));
        return CommitFileAsync(_ => file, ct);
    }

    /// <summary>Records many teams' members in <c>state/sync/</c> in one commit whose message lists the changes.</summary>
    public async Task<MembersRecorded> RecordMembersAsync(IReadOnlyList<TeamMembers> teams, CommitSource source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(teams);
        foreach (var members in teams)
        {
            StatePaths.CheckClusterName(members.Team);
        }

        var result = await LockedAsync(() => TransactLockedAsync(snapshot => MembersCommit(snapshot, teams, source), ct), ct);
        return result.CommitId is null ? MembersRecorded.Nothing : new MembersRecorded(result.CommitId, result.Value);
    }

    /// <summary>Records a (re)provisioning in <c>state/clusters/&lt;cluster&gt;.yaml</c> if the record still equals <paramref name="expected"/>.</summary>
    public Task<string?> RecordClusterAsync(
        ClusterRecord record, ClusterRecord? expected, string subject, CommitSource source, string? actor = null, string? action = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        StatePaths.CheckClusterName(record.Cluster);
        actor ??= LeaseEngine.ScheduleActor;
        var file = new StateFile(
            ClusterRecordYaml.PathOf(record.Cluster),
            ClusterRecordYaml.Write(record),
            CommitMessage.Format(subject, "Cluster", record.Cluster, actor, action ?? "reprovision", source, replica: writer),
            CommitMessage.Author(actor));
        return CommitFileAsync(snapshot => snapshot.Record(record.Cluster) == expected ? file : null, ct);
    }

    /// <summary>The newest readable revision of a lease file that is unreadable at the state tip (see <see cref="LastReadableLease"/>).</summary>
    public async Task<ReadableLease?> LastReadableLeaseAsync(string cluster, CancellationToken ct = default)
    {
        StatePaths.CheckClusterName(cluster);
        return await LockedAsync(() => Task.FromResult(LastReadableLease.Find(Snapshot(Fetch(wholeHistory: true)).Parent, cluster)), ct);
    }

    public IReadOnlyList<HistoryRewrite> TakeRewrites() => rewrites.Take();

    /// <summary>
    /// The whole history in the cache, then the history index brought up to the state branch's tip: two turns in the
    /// cache, so a write waiting for the first need not wait for the index too.
    /// </summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        var (tip, stateRef) = await LockedAsync(() => Task.FromResult(StateTip(Fetch(wholeHistory: true))), ct);
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
            () => StateTip(Fetch(wholeHistory: true)) is ({ } tip, var stateRef) ? HistoryIndex.For(repo, stateRef, options.BotEmail).Read(repo, tip, cluster, ct) : [],
            ct);
    }

    /// <summary>Every commit of the state branch's first-parent line that changed a cluster record, oldest first, by cluster.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>>> RecordHistoryAsync(CancellationToken ct = default) =>
        await LockedAsync<IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>>>(
            () => StateTip(Fetch(wholeHistory: true)) is ({ } tip, _) ? RecordHistory.Read(repo, tip, options.BotEmail, ct) : new Dictionary<string, IReadOnlyList<ClusterRecordChange>>(),
            ct);

    public void Dispose()
    {
        repo.Dispose();
        gate.Dispose();
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

    /// <summary>As a lease transaction, deciding on each fetched tip whether the file is still to be written (null: not).</summary>
    private async Task<string?> CommitFileAsync(Func<StateSnapshot, StateFile?> decide, CancellationToken ct) =>
        (await LockedAsync(() => TransactLockedAsync(snapshot => (0, decide(snapshot)), ct), ct)).CommitId;

    private async Task<TransactionResult<T>> TransactLockedAsync<T>(Func<StateSnapshot, (T Value, StateFile? File)> decide, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            // A write needs only the tips: a new commit on the tip, pushed (from a shallow cache too).
            var (snapshot, parent, stateRef) = Snapshot(Fetch());
            origin.RefuseCheckedOutBranch(stateRef);
            var (value, file) = decide(snapshot);
            var commit = file is null ? null : CreateCommit(parent, file);
            if (commit is null)
            {
                return new TransactionResult<T>(value, null, attempt);
            }

            if (BeforePush is { } hook)
            {
                await hook(commit.Sha);
            }

            if (origin.Push(commit, stateRef, snapshot.StateCommit))
            {
                return new TransactionResult<T>(value, commit.Sha, attempt);
            }
        }

        throw new StateConflictException(
            $"{origin.Location.Display}: the state branch kept moving; gave up after {options.MaxAttempts} attempts");
    }

    /// <summary>
    /// Fetches (the whole history when <paramref name="wholeHistory"/>), noting a rewrite of the state branch's history
    /// (a tip that does not contain the one before).
    /// </summary>
    private Dictionary<string, ObjectId> Fetch(bool wholeHistory = false)
    {
        var before = origin.Tips();
        var after = origin.Fetch(wholeHistory);
        ReopenIfShallowChanged();
        if (HistoryRewrites.Find(repo, Branches(after).StateRef, before, after) is { } rewrite)
        {
            rewrites.Note(rewrite);
        }

        return after;
    }

    /// <summary>The state branch's tip among <paramref name="tips"/> (null when it has none yet) and its ref.</summary>
    private (ObjectId? Tip, string StateRef) StateTip(Dictionary<string, ObjectId> tips)
    {
        var (_, stateRef) = Branches(tips);
        return (tips.GetValueOrDefault(stateRef), stateRef);
    }

    /// <summary>
    /// The config branch (the option, else the remote's HEAD) and the state branch (the option, else
    /// <c>state.branch</c> in the config tip's <c>teamclustersync.yaml</c>, else the config branch). Read on every fetch,
    /// so a change of <c>state.branch</c> takes effect without a restart.
    /// </summary>
    private (string ConfigRef, string StateRef) Branches(Dictionary<string, ObjectId> tips)
    {
        var configRef = QualifyBranch(options.Branch) ?? origin.HeadBranch(tips);
        var stateBranch = options.StateBranch;
        if (stateBranch is null && tips.TryGetValue(configRef, out var configId))
        {
            stateBranch = StateBranchAt(configId);
        }

        return (configRef, QualifyBranch(stateBranch) ?? configRef);
    }

    /// <summary><c>state.branch</c> of the config at <paramref name="configId"/>, read again only when the config moved.</summary>
    private string? StateBranchAt(ObjectId configId)
    {
        if (stateBranchOf?.Config != configId)
        {
            var settings = ConfigLoader.LoadSettings(GitTreeSource.Only(repo.Lookup<Commit>(configId).Tree, "teamclustersync.yaml"));
            stateBranchOf = (configId, settings.StateBranch);
        }

        return stateBranchOf.Value.Branch;
    }

    private static string? QualifyBranch(string? branch) =>
        string.IsNullOrWhiteSpace(branch) ? null
        : branch.StartsWith("refs/", StringComparison.Ordinal) ? branch
        : "refs/heads/" + branch;

    /// <summary>The snapshot, the commit a state change would be built on (the state tip, or the config tip when a
    /// separate state branch does not exist yet), and the state branch.</summary>
    private (StateSnapshot Snapshot, Commit Parent, string StateRef) Snapshot(Dictionary<string, ObjectId> tips)
    {
        var (configRef, stateRef) = Branches(tips);
        if (!tips.TryGetValue(configRef, out var configId))
        {
            throw new InvalidOperationException($"{origin.Location.Display} has no branch {configRef}");
        }

        var config = repo.Lookup<Commit>(configId);
        var stateId = tips.GetValueOrDefault(stateRef);
        var parent = stateId is null ? config : repo.Lookup<Commit>(stateId);
        var snapshot = new StateSnapshot(
            GitTreeSource.Load(config.Tree),
            config.Sha,
            stateId?.Sha,
            YamlFiles(parent.Tree, StatePaths.LeasesDirectory),
            YamlFiles(parent.Tree, StatePaths.SyncDirectory),
            YamlFiles(parent.Tree, StatePaths.ClustersDirectory));
        return (snapshot, parent, stateRef);
    }

    /// <summary>The <c>*.yaml</c> files of one state directory, by name without the extension.</summary>
    private static Dictionary<string, byte[]> YamlFiles(Tree tree, string directory)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (tree[directory]?.Target is Tree found)
        {
            foreach (var entry in found)
            {
                if (entry.Target is Blob blob && entry.Name.EndsWith(".yaml", StringComparison.Ordinal))
                {
                    files[entry.Name[..^".yaml".Length]] = GitTreeSource.ReadAll(blob);
                }
            }
        }

        return files;
    }

    private static (IReadOnlyList<string> Teams, StateFile? File) MembersCommit(StateSnapshot snapshot, IReadOnlyList<TeamMembers> teams, CommitSource source)
    {
        var changes = MembersChanges.Of(snapshot, teams);
        if (changes.Count == 0)
        {
            return ([], null);
        }

        var names = changes.Select(c => c.Members.Team).ToList();
        var message = CommitMessage.Format(MembersChanges.Subject(changes), MembersChanges.Body(changes), "Team", names, SyncActor, "sync", source);
        return (names, new StateFile([.. changes.Select(c => new StateFileContent(TeamMembersYaml.PathOf(c.Members.Team), TeamMembersYaml.Write(c.Members)))], message));
    }

    private static (T Value, StateFile? File) Lease<T>(Transaction<T> transaction, CommitSource source)
    {
        if (transaction.Change is not { } change)
        {
            return (transaction.Value, null);
        }

        StatePaths.CheckClusterName(change.State.Cluster);
        return (transaction.Value, new StateFile(
            LeaseStateYaml.PathOf(change.State.Cluster),
            LeaseStateYaml.Write(change.State),
            CommitMessage.Format(change.Subject, "Cluster", change.State.Cluster, change.Actor, change.Action, source, change.Reason),
            CommitMessage.Author(change.Actor)));
    }

    /// <summary>A commit on <paramref name="parent"/> replacing only the given files under state/; null when the bytes are unchanged.</summary>
    private Commit? CreateCommit(Commit parent, StateFile file)
    {
        var definition = TreeDefinition.From(parent.Tree);
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

    /// <summary>The files the bot writes under state/ in one commit, the commit message that records why, and who acted (null: the bot).</summary>
    private sealed record StateFile(IReadOnlyList<StateFileContent> Files, string Message, (string Name, string Email)? Author = null)
    {
        public StateFile(string path, string content, string message, (string Name, string Email)? author = null)
            : this([new StateFileContent(path, content)], message, author)
        {
        }
    }

    private sealed record StateFileContent(string Path, string Content);
}
