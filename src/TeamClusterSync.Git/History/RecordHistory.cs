using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;

namespace TeamClusterSync.Git.History;

/// <summary>
/// Every cluster's record (<c>state/clusters/</c>) after each commit that changed it, oldest first, through the lease
/// history's walk (<see cref="LeaseLog"/>) pointed at that directory. No index: a usage report reads it once. A revision
/// that cannot be read (a human's broken edit) is left out, as if the record had not changed.
/// </summary>
internal static class RecordHistory
{
    public static IReadOnlyDictionary<string, IReadOnlyList<ClusterRecordChange>> Read(Repository repo, ObjectId tip, string botEmail, CancellationToken ct)
    {
        var records = new Dictionary<string, List<ClusterRecordChange>>(StringComparer.Ordinal);
        LeaseLog.Read(repo.Info.Path, tip, since: null, botEmail, change =>
        {
            if (change.Blob is { } blob && repo.Lookup<Blob>(new ObjectId(blob)) is { } content && Record(change.Cluster, content) is { } record)
            {
                (records.TryGetValue(change.Cluster, out var list) ? list : records[change.Cluster] = []).Add(new ClusterRecordChange(change.When, record));
            }
        }, ct, StatePaths.ClustersDirectory);
        return records.ToDictionary(r => r.Key, r => (IReadOnlyList<ClusterRecordChange>)[.. Enumerable.Reverse(r.Value)], StringComparer.Ordinal);
    }

    private static Core.Lifecycle.ClusterRecord? Record(string cluster, Blob content)
    {
        try
        {
            return ClusterRecordYaml.Read(cluster, Encoding.UTF8.GetString(GitTreeSource.ReadAll(content)));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
