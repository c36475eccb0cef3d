using System.Collections.Concurrent;
using System.Text;
using TeamClusterSync.Config;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// The remote's branch tips at one moment: the config tree and every lease file. Decisions are made on a
/// snapshot and hold only if the push that follows lands on the same state tip.
/// </summary>
public sealed class StateSnapshot
{
    private readonly IReadOnlyDictionary<string, byte[]> leaseFiles;
    private readonly IReadOnlyDictionary<string, byte[]> syncFiles;
    private readonly IReadOnlyDictionary<string, byte[]> clusterFiles;

    /// <summary>Each lease file parsed once: the state, or the reader's diagnostic when it cannot be read.</summary>
    private readonly ConcurrentDictionary<string, (LeaseState? State, string? Problem)> parsedLeases = new(StringComparer.Ordinal);

    /// <param name="leaseFiles">The bytes of <c>state/leases/*.yaml</c> by cluster name; likewise the others.</param>
    public StateSnapshot(
        IConfigSource config,
        string configCommit,
        string? stateCommit,
        IReadOnlyDictionary<string, byte[]> leaseFiles,
        IReadOnlyDictionary<string, byte[]> syncFiles,
        IReadOnlyDictionary<string, byte[]> clusterFiles)
    {
        Config = config;
        ConfigCommit = configCommit;
        StateCommit = stateCommit;
        this.leaseFiles = leaseFiles;
        this.syncFiles = syncFiles;
        this.clusterFiles = clusterFiles;
    }

    /// <summary>The config branch tip's files.</summary>
    public IConfigSource Config { get; }

    public string ConfigCommit { get; }

    /// <summary>The state branch tip; null while a separate state branch does not exist yet.</summary>
    public string? StateCommit { get; }

    /// <summary>
    /// The cluster's lease, or <see cref="LeaseState.Free"/> when it has no file. A corrupt file throws
    /// <see cref="FormatException"/> naming it: an unreadable lease must stop the command, not free the cluster.
    /// </summary>
    public LeaseState Lease(string cluster) =>
        Parsed(cluster) is { State: { } state } ? state : throw new FormatException(LeaseProblem(cluster));

    /// <summary>
    /// Why the cluster's lease file cannot be read (<c>state/leases/x.yaml:3:1: what is wrong</c>), or null when it can (or
    /// there is none). One broken file affects only its own cluster: callers that go over every cluster skip it with this.
    /// </summary>
    public string? LeaseProblem(string cluster) => Parsed(cluster).Problem;

    /// <summary>The clusters whose lease file cannot be read, with why, ordered by name.</summary>
    public IReadOnlyList<(string Cluster, string Problem)> BrokenLeases() =>
        [.. from cluster in LeaseClusters()
            where StatePaths.IsClusterName(cluster)
            let problem = LeaseProblem(cluster)
            where problem is not null
            select (cluster, problem)];

    /// <summary>
    /// The GitHub team members the last sync recorded for <paramref name="team"/>, or null before any sync. A corrupt
    /// file throws <see cref="FormatException"/> naming it.
    /// </summary>
    public TeamMembers? Members(string team) =>
        syncFiles.TryGetValue(team, out var bytes) ? TeamMembersYaml.Read(team, Encoding.UTF8.GetString(bytes)) : null;

    /// <summary>When the cluster was last provisioned, or null before the schedule first saw it.</summary>
    public ClusterRecord? Record(string cluster) =>
        clusterFiles.TryGetValue(cluster, out var bytes) ? ClusterRecordYaml.Read(cluster, Encoding.UTF8.GetString(bytes)) : null;

    /// <summary>Every <c>state/leases/*.yaml</c>, ordered by cluster name; throws like <see cref="Lease"/> on a corrupt file.</summary>
    public IReadOnlyList<LeaseState> Leases() =>
        [.. LeaseClusters().Select(Lease)];

    /// <summary>The clusters that have a lease file, ordered by name (reading them may still fail on a corrupt file).</summary>
    public IReadOnlyList<string> LeaseClusters() => [.. leaseFiles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// This snapshot after a commit of the store's own that wrote only <paramref name="files"/> under <c>state/</c>
    /// (<c>state/leases/x.yaml</c> and the like): what the next decision is made on while the commit waits to be
    /// pushed with it. <paramref name="configToo"/>: the state branch is the config branch, so the commit is also the
    /// config tip (with the same config files). Leases already read, and not written, are not read again.
    /// </summary>
    public StateSnapshot After(string commit, bool configToo, IEnumerable<(string Path, byte[] Content)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var byDirectory = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal)
        {
            [StatePaths.LeasesDirectory] = new(leaseFiles, StringComparer.Ordinal),
            [StatePaths.SyncDirectory] = new(syncFiles, StringComparer.Ordinal),
            [StatePaths.ClustersDirectory] = new(clusterFiles, StringComparer.Ordinal),
        };
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            var slash = path.LastIndexOf('/');
            if (slash < 0 || !path.EndsWith(".yaml", StringComparison.Ordinal) || !byDirectory.TryGetValue(path[..slash], out var directory))
            {
                throw new ArgumentException($"{path} is not a state file", nameof(files));
            }

            var name = path[(slash + 1)..^".yaml".Length];
            directory[name] = content;
            written.Add(name);
        }

        var after = new StateSnapshot(
            Config, configToo ? commit : ConfigCommit, commit,
            byDirectory[StatePaths.LeasesDirectory], byDirectory[StatePaths.SyncDirectory], byDirectory[StatePaths.ClustersDirectory]);
        foreach (var (cluster, parsed) in parsedLeases.Where(p => !written.Contains(p.Key)))
        {
            after.parsedLeases.TryAdd(cluster, parsed);
        }

        return after;
    }

    private (LeaseState? State, string? Problem) Parsed(string cluster)
    {
        StatePaths.CheckClusterName(cluster);
        return parsedLeases.GetOrAdd(cluster, name =>
        {
            if (!leaseFiles.TryGetValue(name, out var bytes))
            {
                return (LeaseState.Free(name), null);
            }

            try
            {
                return (LeaseStateYaml.Read(name, Encoding.UTF8.GetString(bytes)), null);
            }
            catch (FormatException e)
            {
                return (null, e.Message.TrimEnd('.'));
            }
        });
    }
}
