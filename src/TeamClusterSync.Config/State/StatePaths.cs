using System.Text.RegularExpressions;

namespace TeamClusterSync.Config.State;

/// <summary>Where state lives in the repo, and the check that keeps a cluster name from escaping <c>state/leases/</c>.</summary>
public static partial class StatePaths
{
    public const string LeasesDirectory = "state/leases";

    public const string SyncDirectory = "state/sync";

    public const string ClustersDirectory = "state/clusters";

    public static bool IsClusterName(string cluster) => ClusterName().IsMatch(cluster);

    public static void CheckClusterName(string cluster)
    {
        if (!IsClusterName(cluster))
        {
            throw new ArgumentException(
                $"'{cluster}' is not a valid cluster name (letters, digits, '.', '_' and '-', not starting with '.')", nameof(cluster));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,252}$")]
    private static partial Regex ClusterName();
}
