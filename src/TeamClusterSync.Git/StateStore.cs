using System.Text;
using LibGit2Sharp;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Sync;
using TeamClusterSync.Git.History;
using TeamClusterSync.Git.Remotes;

namespace TeamClusterSync.Git;

/// <summary>
/// The lease state kept in git. Every change is a commit on <c>state/leases/&lt;cluster&gt;.yaml</c> built in
/// memory on top of the remote's tip as just fetched, and it counts only once pushed: the push is the
/// compare-and-swap. When another writer got there first the decision is made again on the new tip. Local
/// branches are never read, so a commit that was never pushed is never reported, and since every commit sits on
/// the fetched tip, human commits are never overwritten (and nothing is ever force-pushed).
/// </summary>
public sealed class StateStore : IDisposable
{
    private const string RemoteName = "origin";
    private const string TrackingPrefix = "refs/remotes/origin/";

    /// <summary>The <c>Actor:</c> of membership commits: the sync job, not a person.</summary>
    private const string SyncActor = "sync";

    private readonly Repository repo;
    private readonly StateStoreOptions options;
    private readonly RemoteLocation remote;
    private readonly SemaphoreSlim gate = new(1, 1);

    private StateStore(Repository repo, StateStoreOptions options, RemoteLocation remote, string configRef, string stateRef)
    {
        this.repo = repo;
        this.options = options;
        this.remote = remote;
        ConfigRef = configRef;
        StateRef = stateRef;
    }

    /// <summary>The config branch, e.g. <c>refs/heads/main</c>.</summary>
    public string ConfigRef { get; }

    /// <summary>The branch state is committed to.</summary>
    public string StateRef { get; }

    /// <summary>Test hook: runs with the new commit id after it is created and before it is pushed (a crash point).</summary>
    internal Func<string, Task>? BeforePush { get; set; }

    /// <summary>Clones the remote into the cache directory as a bare repo (or reuses the one there) and fetches.</summary>
    public static Task<StateStore> OpenAsync(StateStoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => Open(options), ct);
    }

    public async Task<StateSnapshot> ReadAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Snapshot(Fetch()).Snapshot, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Fetches, decides on the tip, commits the change (if any) and pushes; on a lost race, decides again on the
    /// new tip, up to <see cref="StateStoreOptions.MaxAttempts"/> times (then <see cref="StateConflictException"/>).
    /// A server-side refusal throws <see cref="StatePushRejectedException"/> at once.
    /// </summary>
    public async Task<TransactionResult<T>> TransactAsync<T>(
        Func<StateSnapshot, Transaction<T>> decide, string source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(decide);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // LibGit2Sharp is synchronous: run it off the caller's thread, one transaction at a time per store.
            return await Task.Run(() => TransactLockedAsync(snapshot => Lease(decide(snapshot), source), ct), ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Records the GitHub team members a sync read in <c>state/sync/&lt;team&gt;.yaml</c>, on the same
    /// compare-and-swap terms as a lease; returns the commit, or null when nothing changed.
    /// </summary>
    public Task<string?> RecordMembersAsync(TeamMembers members, string source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        StatePaths.CheckClusterName(members.Team);
        return CommitFileAsync(
            new StateFile(
                TeamMembersYaml.PathOf(members.Team),
                TeamMembersYaml.Write(members),
                CommitMessage.Format($"sync: team {members.Team} has {members.Logins.Count} GitHub member(s)", "Team", members.Team, SyncActor, "sync", source)),
            ct);
    }

    /// <summary>
    /// Records that a cluster was (re)provisioned, in <c>state/clusters/&lt;cluster&gt;.yaml</c>, only if the record on
    /// the tip still equals <paramref name="expected"/> (null: no record yet). Returns the commit, or null when another
    /// writer got there first: the caller that gets the commit is the one that rebuilds the cluster.
    /// </summary>
    public Task<string?> RecordClusterAsync(ClusterRecord record, ClusterRecord? expected, string subject, string source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        StatePaths.CheckClusterName(record.Cluster);
        var file = new StateFile(
            ClusterRecordYaml.PathOf(record.Cluster),
            ClusterRecordYaml.Write(record),
            CommitMessage.Format(subject, "Cluster", record.Cluster, "schedule", "reprovision", source));
        return CommitFileAsync(snapshot => snapshot.Record(record.Cluster) == expected ? file : null, ct);
    }

    /// <summary>Commits one state file on the same compare-and-swap terms as a lease; null when nothing changed.</summary>
    private Task<string?> CommitFileAsync(StateFile file, CancellationToken ct) => CommitFileAsync(_ => file, ct);

    /// <summary>As above, deciding on each fetched tip whether the file is still to be written (null: not).</summary>
    private async Task<string?> CommitFileAsync(Func<StateSnapshot, StateFile?> decide, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var result = await Task.Run(() => TransactLockedAsync(snapshot => (0, decide(snapshot)), ct), ct).ConfigureAwait(false);
            return result.CommitId;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TransactionResult<T>> TransactLockedAsync<T>(Func<StateSnapshot, (T Value, StateFile? File)> decide, CancellationToken ct)
    {
        RefuseCheckedOutRemoteBranch();
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var (snapshot, parent) = Snapshot(Fetch());
            var (value, file) = decide(snapshot);
            var commit = file is null ? null : CreateCommit(parent, file);
            if (commit is null)
            {
                return new TransactionResult<T>(value, null, attempt);
            }

            if (BeforePush is { } hook)
            {
                await hook(commit.Sha).ConfigureAwait(false);
            }

            if (Push(commit, snapshot.StateCommit))
            {
                return new TransactionResult<T>(value, commit.Sha, attempt);
            }
        }

        throw new StateConflictException(
            $"{remote.Display}: {StateRef} kept moving; gave up after {options.MaxAttempts} attempts");
    }

    /// <summary>Every commit of the state branch's first-parent line that changed the cluster's lease file, newest first.</summary>
    public async Task<IReadOnlyList<LeaseTransition>> HistoryAsync(string cluster, CancellationToken ct = default)
    {
        StatePaths.CheckClusterName(cluster);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(
                () => Fetch().GetValueOrDefault(StateRef) is { } tip ? HistoryIndex.For(repo, StateRef).Read(repo, tip, cluster, ct) : [],
                ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        repo.Dispose();
        gate.Dispose();
    }

    private static StateStore Open(StateStoreOptions options)
    {
        var remote = RemoteLocation.Parse(options.Remote);
        var cache = Path.GetFullPath(options.CacheDirectory);
        if (!Repository.IsValid(cache))
        {
            if (Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any())
            {
                throw new InvalidOperationException($"{cache} is not empty and not a git repository; choose another cache directory");
            }

            Repository.Init(cache, isBare: true);
        }

        var repo = new Repository(cache);
        try
        {
            ConfigureRemote(repo, remote);
            var store = new StateStore(repo, options, remote, "", "");
            var tips = store.Fetch();
            var configRef = QualifyBranch(options.Branch) ?? store.RemoteHead(tips);
            var stateRef = QualifyBranch(options.StateBranch) ?? configRef;
            return new StateStore(repo, options, remote, configRef, stateRef);
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    private static void ConfigureRemote(Repository repo, RemoteLocation remote)
    {
        if (repo.Network.Remotes[RemoteName] is null)
        {
            repo.Network.Remotes.Add(RemoteName, remote.FetchUrl, $"refs/heads/*:{TrackingPrefix}*");
        }

        repo.Network.Remotes.Update(RemoteName, r =>
        {
            r.Url = remote.FetchUrl;
            r.PushUrl = remote.PushUrl;
        });
    }

    private static string? QualifyBranch(string? branch) =>
        string.IsNullOrWhiteSpace(branch) ? null
        : branch.StartsWith("refs/", StringComparison.Ordinal) ? branch
        : "refs/heads/" + branch;

    /// <summary>The branch the remote's HEAD names; for a server that does not say, the branch HEAD's commit matches.</summary>
    private string RemoteHead(IReadOnlyDictionary<string, ObjectId> tips)
    {
        if (remote.LocalPath is { } path)
        {
            using var origin = new Repository(path);
            if (origin.Refs.Head is SymbolicReference head)
            {
                return head.TargetIdentifier;
            }
        }
        else
        {
            var advertised = repo.Network.ListReferences(repo.Network.Remotes[RemoteName], Credentials);
            var head = advertised.FirstOrDefault(r => r.CanonicalName == "HEAD");
            if (head is SymbolicReference symbolic)
            {
                return symbolic.TargetIdentifier;
            }

            if (head?.TargetIdentifier is { } id && tips.FirstOrDefault(t => t.Value.Sha == id).Key is { } match)
            {
                return match;
            }
        }

        return tips.ContainsKey("refs/heads/main") || tips.Count == 0 ? "refs/heads/main" : tips.Keys.Order(StringComparer.Ordinal).First();
    }

    /// <summary>
    /// Fetches every branch (pruning deleted ones) and returns the remote's tips by branch name. Only these
    /// tracking refs are ever built on; the cache's local branches are never read.
    /// </summary>
    private Dictionary<string, ObjectId> Fetch()
    {
        var fetchOptions = new FetchOptions { CredentialsProvider = Credentials, Prune = true, TagFetchMode = TagFetchMode.None };
        try
        {
            Commands.Fetch(repo, RemoteName, [$"refs/heads/*:{TrackingPrefix}*"], fetchOptions, null);
        }
        catch (LibGit2SharpException e)
        {
            throw new InvalidOperationException($"fetching {remote.Display} failed: {e.Message}", e);
        }

        var tips = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var reference in repo.Refs.FromGlob(TrackingPrefix + "*"))
        {
            if (reference is DirectReference { Target: Commit commit })
            {
                tips["refs/heads/" + reference.CanonicalName[TrackingPrefix.Length..]] = commit.Id;
            }
        }

        return tips;
    }

    /// <summary>The snapshot, and the commit a state change would be built on (the state tip, or the config tip
    /// when a separate state branch does not exist yet).</summary>
    private (StateSnapshot Snapshot, Commit Parent) Snapshot(Dictionary<string, ObjectId> tips)
    {
        if (!tips.TryGetValue(ConfigRef, out var configId))
        {
            throw new InvalidOperationException($"{remote.Display} has no branch {ConfigRef}");
        }

        var config = repo.Lookup<Commit>(configId);
        var stateId = tips.GetValueOrDefault(StateRef);
        var parent = stateId is null ? config : repo.Lookup<Commit>(stateId);
        var snapshot = new StateSnapshot(
            GitTreeSource.Load(config.Tree),
            config.Sha,
            stateId?.Sha,
            YamlFiles(parent.Tree, StatePaths.LeasesDirectory),
            YamlFiles(parent.Tree, StatePaths.SyncDirectory),
            YamlFiles(parent.Tree, StatePaths.ClustersDirectory));
        return (snapshot, parent);
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

    private static (T Value, StateFile? File) Lease<T>(Transaction<T> transaction, string source)
    {
        if (transaction.Change is not { } change)
        {
            return (transaction.Value, null);
        }

        StatePaths.CheckClusterName(change.State.Cluster);
        return (transaction.Value, new StateFile(
            LeaseStateYaml.PathOf(change.State.Cluster),
            LeaseStateYaml.Write(change.State),
            CommitMessage.Format(change.Subject, "Cluster", change.State.Cluster, change.Actor, change.Action, source)));
    }

    /// <summary>A commit on <paramref name="parent"/> replacing only one file under state/; null when the bytes are unchanged.</summary>
    private Commit? CreateCommit(Commit parent, StateFile file)
    {
        Blob blob;
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(file.Content)))
        {
            blob = repo.ObjectDatabase.CreateBlob(content);
        }

        var tree = repo.ObjectDatabase.CreateTree(TreeDefinition.From(parent.Tree).Add(file.Path, blob, Mode.NonExecutableFile));
        if (tree.Id == parent.Tree.Id)
        {
            return null;
        }

        var bot = new Signature(options.BotName, options.BotEmail, DateTimeOffset.Now);
        return repo.ObjectDatabase.CreateCommit(bot, bot, file.Message, tree, [parent], prettifyMessage: false);
    }

    /// <summary>One file the bot writes under state/, and the commit message that records why.</summary>
    private sealed record StateFile(string Path, string Content, string Message);

    /// <summary>
    /// Pushes <paramref name="commit"/> to the state branch (never forced). True when it landed; false when another
    /// writer moved the branch first. A refusal that is not a race throws <see cref="StatePushRejectedException"/>.
    /// </summary>
    private bool Push(Commit commit, string? expectedTip)
    {
        PushStatusError? refused = null;
        var pushOptions = new PushOptions
        {
            CredentialsProvider = Credentials,
            OnPushStatusError = error => refused = error,
        };
        try
        {
            repo.Network.Push(repo.Network.Remotes[RemoteName], commit.Sha, StateRef, pushOptions);
        }
        catch (NonFastForwardException)
        {
            return false;
        }

        if (refused is null)
        {
            return true;
        }

        var tipNow = Fetch().GetValueOrDefault(StateRef)?.Sha;
        if (tipNow != expectedTip || IsRace(refused.Message))
        {
            return false;
        }

        throw new StatePushRejectedException(refused.Reference, refused.Message, remote.Display);
    }

    /// <summary>Server messages for an update that lost a race rather than one that was refused.</summary>
    private static bool IsRace(string message) =>
        message.Contains("fetch first", StringComparison.OrdinalIgnoreCase)
        || message.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to update ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("cannot lock ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to lock", StringComparison.OrdinalIgnoreCase)
        || message.Contains("incorrect old value", StringComparison.OrdinalIgnoreCase);

    private void RefuseCheckedOutRemoteBranch()
    {
        if (remote.CheckedOutBranch() == StateRef)
        {
            throw new InvalidOperationException(
                $"{remote.Display} is a working copy with {StateRef} checked out; the bot must not push there. "
                + "Pass the bare origin or its URL instead (see 'git -C <dir> remote get-url origin').");
        }
    }

    private Credentials Credentials(string url, string usernameFromUrl, SupportedCredentialTypes types)
    {
        var token = Environment.GetEnvironmentVariable(options.TokenVariable);
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException(
                $"{RemoteLocation.Redact(url)} asks for credentials; set {options.TokenVariable} to a token that may push");
        }

        return new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
    }
}
