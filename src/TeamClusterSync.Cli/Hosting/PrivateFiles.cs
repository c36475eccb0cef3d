using System.Runtime.InteropServices;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// What the program writes is its user's alone: the cache holds the config repo's clone (with the remote's settings),
/// the Slack event journal that a restart replays as trusted input, the reply outbox and the history index, and
/// <c>--out</c> holds kubeconfigs. Every directory it or the git it runs creates is 0700 and every file 0600.
/// </summary>
internal static class PrivateFiles
{
    private const uint OwnerOnlyMask = 0x3F; // 077: nothing for group and others

    /// <summary>
    /// Sets the process's umask (inherited by git), and closes an existing <paramref name="cacheRoot"/> made before
    /// this rule (its files then stay out of others' reach whatever their own modes).
    /// </summary>
    public static void OwnerOnly(string cacheRoot)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = Umask(OwnerOnlyMask);
        try
        {
            if (Directory.Exists(cacheRoot))
            {
                File.SetUnixFileMode(cacheRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to close: a volume the platform mounted there (a pod's emptyDir, owned by root, shared with the
            // arbitrary UID OpenShift assigns through group 0). What the program creates inside is still 0700/0600.
        }
    }

    // DllImport, not LibraryImport: this one blittable call does not justify unsafe code in the whole project.
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint Umask(uint mask);
}
