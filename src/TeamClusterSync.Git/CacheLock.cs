namespace TeamClusterSync.Git;

/// <summary>
/// One process at a time in a cache clone. Two <c>chat</c> processes (or a <c>status</c> beside <c>serve</c>) sharing the
/// default cache would otherwise both write its refs and packs and fail on git's own lock files. The lock is an
/// exclusive open of a file beside the cache (an advisory <c>flock</c> on Linux), released by the operating system if
/// the process dies, so a crash never leaves the cache locked.
/// </summary>
internal sealed class CacheLock(string cacheDirectory, TimeSpan patience)
{
    private readonly string path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cacheDirectory)) + ".lock";

    /// <summary>Waits up to the patience for the lock; the other holder is a process doing the same short work.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(15), ct);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"the cache {Path.GetFileName(path)[..^5]} stayed busy for {patience.TotalSeconds:0} s: another teamclustersync process "
                    + "holds it; try again, or give each long-running process its own TEAMCLUSTERSYNC_CACHE", e);
            }
        }
    }

    /// <summary>The same, for the synchronous open of the cache.</summary>
    public IDisposable Acquire() => AcquireAsync(CancellationToken.None).GetAwaiter().GetResult();
}
