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
    public LeaseState Lease(string cluster)
    {
        StatePaths.CheckClusterName(cluster);
        return leaseFiles.TryGetValue(cluster, out var bytes)
            ? LeaseStateYaml.Read(cluster, Encoding.UTF8.GetString(bytes))
            : LeaseState.Free(cluster);
    }

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
}
