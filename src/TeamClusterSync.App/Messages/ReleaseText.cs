using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Messages;

/// <summary>The words for a release check's outcome, the same in replies, the "free" notice and <c>status</c>.</summary>
public static class ReleaseText
{
    /// <summary>What follows "team-mco is free" in the team channel: empty when no check ran.</summary>
    public static string Notice(ReleaseCheck? check) => check?.Outcome switch
    {
        ReleaseOutcome.Clean => " (checked clean)",
        ReleaseOutcome.Restored => " (restored)",
        ReleaseOutcome.Dirty => $" but left dirty ({check.Problems})",
        _ => "",
    };

    /// <summary>The last release, for <c>status</c>.</summary>
    public static string Status(ReleaseCheck check) => check.Outcome switch
    {
        ReleaseOutcome.Clean => $"checked clean after @{check.By}'s release",
        ReleaseOutcome.Restored => $"restored by @{check.By}",
        _ => $"left dirty after @{check.By}'s release: {check.Problems}",
    };

    /// <summary>What happens to a cluster left dirty.</summary>
    public static string WhenLeft(Cluster cluster) => cluster.Reprovision.ReprovisionWhenDirty
        ? "it is then reprovisioned early, as soon as it is free"
        : "the next user sees it marked dirty in `teamcluster status`";
}
