using LibGit2Sharp;
using TeamClusterSync.Git.Remotes;

namespace TeamClusterSync.Git;

/// <summary>
/// The store's bare clone in its cache directory: created when missing, and rebuilt when it vanished or lost its parts
/// under a running process (a node cleaning its disk). A new clone's first fetch is the new-cache path (the git CLI).
/// A directory is only ever deleted when its git config says it is a clone of this store's remote: never one that is not ours.
/// </summary>
internal static class CacheClone
{
    /// <summary>Opens the clone at <paramref name="cache"/>, creating it in a missing or empty directory; the caller holds the <see cref="CacheLock"/>.</summary>
    public static Repository Open(string cache, RemoteLocation location)
    {
        if (!Repository.IsValid(cache))
        {
            if (Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any())
            {
                throw NotOurs(cache);
            }

            Repository.Init(cache, isBare: true);
        }

        var repo = new Repository(cache);
        try
        {
            OriginRemote.Configure(repo, location);
            return repo;
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>Whether the clone's files are still there (checked before every operation: a few file probes).</summary>
    public static bool IsIntact(string cache) =>
        File.Exists(Path.Combine(cache, "HEAD")) && File.Exists(Path.Combine(cache, "config"))
        && Directory.Exists(Path.Combine(cache, "objects")) && Directory.Exists(Path.Combine(cache, "refs"));

    /// <summary>A clone for a cache that is no longer intact: what is left of ours is removed, then it is created again.</summary>
    public static Repository Rebuild(string cache, RemoteLocation location)
    {
        if (Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any())
        {
            if (!IsOurs(cache, location))
            {
                throw NotOurs(cache);
            }

            Directory.Delete(cache, recursive: true);
        }

        return Open(cache, location);
    }

    /// <summary>Ours: its git config names this store's remote as <c>origin</c> (as <see cref="OriginRemote.Configure"/> wrote it).</summary>
    private static bool IsOurs(string cache, RemoteLocation location)
    {
        var config = Path.Combine(cache, "config");
        return File.Exists(config)
            && File.ReadLines(config).Any(line => line.Trim() == "[remote \"origin\"]")
            && File.ReadLines(config).Any(line => line.Trim().Replace(" ", "", StringComparison.Ordinal) == "url=" + location.FetchUrl.Replace(" ", "", StringComparison.Ordinal));
    }

    private static InvalidOperationException NotOurs(string cache) =>
        new($"{cache} is not empty and not a git repository; choose another cache directory");
}
