using System.Globalization;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// The names of a cluster's claims carry their generation (<c>team-rhcos-g3</c>), so the next cluster can be claimed
/// beside the current one: the oldest claim is the one in use, a newer one is the rebuild on its way. A claim named
/// just after the cluster was made before names carried generations, and counts as generation 0.
/// </summary>
internal static class HiveClaims
{
    public static string Name(string cluster, int generation) => $"{cluster}-g{generation.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The generation of <paramref name="claim"/> if it is one of <paramref name="cluster"/>'s claims, else null.</summary>
    public static int? Generation(string cluster, string claim) =>
        claim == cluster ? 0
        : claim.StartsWith(cluster + "-g", StringComparison.Ordinal) && int.TryParse(claim.AsSpan(cluster.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? generation
            : null;
}
