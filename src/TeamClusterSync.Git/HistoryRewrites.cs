using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git;

/// <summary>
/// Rewrites of the state branch's history (a person force-pushed it to an older commit): found by comparing the tip a
/// fetch brings with the one the cache had, and kept until the app takes them. The cache's tracking ref outlives a
/// restart, so a rewrite made while the bot was down is found at its first fetch.
/// </summary>
internal sealed class HistoryRewrites
{
    /// <summary>Replicas that run no reconciler never take theirs: keep only the newest few.</summary>
    private const int Kept = 20;

    private readonly Lock gate = new();
    private readonly List<HistoryRewrite> found = [];

    /// <summary>The rewrite of <paramref name="branch"/> between the two fetches' tips, or null when the new tip contains the old one.</summary>
    public static HistoryRewrite? Find(Repository repo, string branch, Dictionary<string, ObjectId> before, Dictionary<string, ObjectId> after)
    {
        // In a shallow cache too: a fetch brings every commit down to the ones the cache has, so a new tip that contains
        // the old one reaches it within the history the cache holds.
        if (!before.TryGetValue(branch, out var old) || !after.TryGetValue(branch, out var now) || old == now)
        {
            return null;
        }

        var oldCommit = repo.Lookup<Commit>(old);
        var newCommit = repo.Lookup<Commit>(now);
        if (oldCommit is null || newCommit is null || Contains(repo, newCommit, oldCommit))
        {
            return null;
        }

        return new HistoryRewrite(branch.Replace("refs/heads/", "", StringComparison.Ordinal), old.Sha, now.Sha, Leases(oldCommit));
    }

    /// <summary>Whether <paramref name="tip"/> contains <paramref name="earlier"/>; when the cache cannot tell (history missing), it is taken to.</summary>
    private static bool Contains(Repository repo, Commit tip, Commit earlier)
    {
        try
        {
            return repo.ObjectDatabase.FindMergeBase(earlier, tip)?.Id == earlier.Id;
        }
        catch (LibGit2SharpException)
        {
            return true;
        }
    }

    public void Note(HistoryRewrite rewrite)
    {
        lock (gate)
        {
            found.Add(rewrite);
            if (found.Count > Kept)
            {
                found.RemoveAt(0);
            }
        }
    }

    public IReadOnlyList<HistoryRewrite> Take()
    {
        lock (gate)
        {
            var taken = found.ToList();
            found.Clear();
            return taken;
        }
    }

    /// <summary>The readable lease files at <paramref name="commit"/> (an unreadable one cannot say who held it).</summary>
    private static List<LeaseState> Leases(Commit commit)
    {
        var leases = new List<LeaseState>();
        if (commit[StatePaths.LeasesDirectory]?.Target is not Tree directory)
        {
            return leases;
        }

        foreach (var entry in directory)
        {
            if (entry.Target is Blob blob && entry.Name.EndsWith(".yaml", StringComparison.Ordinal) && StatePaths.IsClusterName(entry.Name[..^5]))
            {
                try
                {
                    leases.Add(LeaseStateYaml.Read(entry.Name[..^5], Encoding.UTF8.GetString(GitTreeSource.ReadAll(blob))));
                }
                catch (FormatException)
                {
                }
            }
        }

        return leases;
    }
}
