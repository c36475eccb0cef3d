using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config;
using TeamClusterSync.Config.State;

namespace TeamClusterSync.Git;

/// <summary>
/// The shared snapshot: the remote's tips as last seen (fetched, or moved by this store's own push), in memory, for
/// every reader. It is fetched again when it is older than <see cref="GitStateStoreOptions.SnapshotMaxAge"/>, by
/// whoever asks first while the others wait for that same fetch (single flight), and in the background every
/// two thirds of that bound, so readers on hot paths (<c>/metrics</c>, Home, the minute sweeps) never wait for git.
/// </summary>
public sealed partial class GitStateStore
{
    private readonly Lock fetchGate = new();
    private volatile Tip? tip;
    private Task<Tip>? fetching;

    /// <summary>The shared snapshot; fetched first when there is none or it is older than the bound.</summary>
    public async Task<StateSnapshot> ReadAsync(CancellationToken ct = default)
    {
        var held = tip;
        if (Fresh(held))
        {
            return held!.Snapshot;
        }

        // A fetch already under way is joined; one that began before the snapshot was due is not enough, so once more.
        var fetched = await RefreshAsync(ct);
        return Fresh(fetched) ? fetched.Snapshot : (await RefreshAsync(ct)).Snapshot;
    }

    private bool Fresh(Tip? held) => held is not null && options.Clock.GetUtcNow() - held.SeenAt <= options.SnapshotMaxAge;

    public StateSnapshot? Latest => tip?.Snapshot;

    /// <summary>Fetches every two thirds of <see cref="GitStateStoreOptions.SnapshotMaxAge"/>, so the snapshot stays within it.</summary>
    public async Task KeepFreshAsync(Action<Exception> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(failed);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed(e);
            }

            await Task.Delay(options.SnapshotMaxAge * 2 / 3, options.Clock, ct);
        }
    }

    /// <summary>Fetches once for every caller asking at the same time: a caller arriving during a fetch waits for that one.</summary>
    private Task<Tip> RefreshAsync(CancellationToken ct)
    {
        Task<Tip> shared;
        lock (fetchGate)
        {
            shared = fetching ??= Task.Run(FetchSharedAsync, CancellationToken.None);
        }

        return shared.WaitAsync(ct);
    }

    private async Task<Tip> FetchSharedAsync()
    {
        try
        {
            return await LockedAsync(() => FetchTip(), CancellationToken.None);
        }
        finally
        {
            lock (fetchGate)
            {
                fetching = null;
            }
        }
    }

    /// <summary>Fetches (in the cache's turn) and makes the result the shared snapshot.</summary>
    private Tip FetchTip(bool wholeHistory = false)
    {
        var started = options.Clock.GetUtcNow();
        return tip = TipOf(Fetch(wholeHistory), tip, started);
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

    /// <summary>
    /// The snapshot of <paramref name="tips"/>, and the commit a state change would be built on (the state tip, or the
    /// config tip when a separate state branch does not exist yet), as of <paramref name="seenAt"/> (when the fetch
    /// began: what it brought is at least that new). When neither tip moved since <paramref name="held"/>,
    /// its snapshot is kept (with the leases it already read); when only the state moved, its config files are.
    /// </summary>
    private Tip TipOf(Dictionary<string, ObjectId> tips, Tip? held, DateTimeOffset seenAt)
    {
        var (configRef, stateRef) = Branches(tips);
        if (!tips.TryGetValue(configRef, out var configId))
        {
            throw new InvalidOperationException($"{origin.Location.Display} has no branch {configRef}");
        }

        var config = repo.Lookup<Commit>(configId);
        var stateId = tips.GetValueOrDefault(stateRef);
        var parent = stateId is null ? config : repo.Lookup<Commit>(stateId);
        if (held?.Snapshot is { } old && old.ConfigCommit == config.Sha && old.StateCommit == stateId?.Sha && held.StateRef == stateRef)
        {
            return held with { SeenAt = seenAt };
        }

        var snapshot = new StateSnapshot(
            held is not null && held.ConfigFiles == ConfigFilesOf(config.Tree) ? held.Snapshot.Config : GitTreeSource.Load(config.Tree),
            config.Sha,
            stateId?.Sha,
            YamlFiles(parent.Tree, StatePaths.LeasesDirectory),
            YamlFiles(parent.Tree, StatePaths.SyncDirectory),
            YamlFiles(parent.Tree, StatePaths.ClustersDirectory));
        return new Tip(snapshot, parent.Id, ConfigFilesOf(config.Tree), configRef == stateRef, stateRef, seenAt);
    }

    /// <summary>What identifies a tree's config files: its top-level entries but <c>state/</c>, which the bot's commits change.</summary>
    private static string ConfigFilesOf(Tree tree) =>
        string.Join('\n', tree.Where(e => e.Name != "state").Select(e => $"{e.Name} {e.Target.Id}"));

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

    /// <summary>
    /// The remote's tips as this store last saw them: the snapshot decisions are made on, the commit the next one is
    /// built on (<see cref="Parent"/>), what identifies the config files (kept while only the state moves), whether the state branch is
    /// the config branch, and when the tips were fetched.
    /// </summary>
    private sealed record Tip(StateSnapshot Snapshot, ObjectId Parent, string ConfigFiles, bool ConfigToo, string StateRef, DateTimeOffset SeenAt);
}
