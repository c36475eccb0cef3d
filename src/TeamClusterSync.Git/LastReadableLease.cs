using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git;

/// <summary>
/// Finds what a lease file said before a human commit made it unreadable: walks the first-parent line back from the
/// tip to the newest revision that reads (an absent file reads as a free cluster). Each distinct content is parsed once.
/// </summary>
internal static class LastReadableLease
{
    /// <summary>How far back to look; a file unreadable for longer than this is restored as free.</summary>
    public const int MaxCommits = 10_000;

    /// <summary>Null when the file at <paramref name="tip"/> is readable or absent: there is nothing to restore.</summary>
    public static ReadableLease? Find(Commit tip, string cluster)
    {
        var path = LeaseStateYaml.PathOf(cluster);
        var unreadable = new HashSet<ObjectId>();
        Commit? newer = null;
        var commit = tip;
        for (var walked = 0; commit is not null && walked < MaxCommits; walked++)
        {
            if (Read(commit, path, cluster, unreadable) is { } state)
            {
                return newer is null ? null : new ReadableLease(state, commit.Sha, newer.Sha);
            }

            newer = commit;
            commit = commit.Parents.FirstOrDefault();
        }

        return new ReadableLease(LeaseState.Free(cluster), null, newer!.Sha);
    }

    /// <summary>The lease at <paramref name="commit"/>, free without a file, or null when the file cannot be read.</summary>
    private static LeaseState? Read(Commit commit, string path, string cluster, HashSet<ObjectId> unreadable)
    {
        if (commit[path]?.Target is not Blob blob)
        {
            return LeaseState.Free(cluster);
        }

        if (unreadable.Contains(blob.Id))
        {
            return null;
        }

        try
        {
            return LeaseStateYaml.Read(cluster, Encoding.UTF8.GetString(GitTreeSource.ReadAll(blob)));
        }
        catch (FormatException)
        {
            unreadable.Add(blob.Id);
            return null;
        }
    }
}
