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

            CreateAside(cache);
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

    /// <summary>
    /// Makes the clone beside its place and moves it in, so a process killed half-way leaves a leftover the next one
    /// clears (it holds the lock, so nobody else is making one), never a half-made clone where the cache belongs.
    /// </summary>
    private static void CreateAside(string cache)
    {
        var full = Path.GetFullPath(cache).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        foreach (var leftover in Directory.GetDirectories(parent, Path.GetFileName(full) + ".new-*"))
        {
            Directory.Delete(leftover, recursive: true);
        }

        var aside = $"{full}.new-{Environment.ProcessId}";
        Repository.Init(aside, isBare: true);
        if (Directory.Exists(full))
        {
            Directory.Delete(full); // empty, checked by the caller
        }

        Directory.Move(aside, full);
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
