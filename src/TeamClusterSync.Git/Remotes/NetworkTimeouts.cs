using System.Runtime.InteropServices;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// Bounds every fetch and push: libgit2 waits on a silent server as long as the operating system does (forever, for
/// a server that accepted the connection and never answers). LibGit2Sharp does not expose libgit2's timeout options,
/// so they are set through <c>git_libgit2_opts</c> directly. They apply to the whole process.
/// </summary>
internal static partial class NetworkTimeouts
{
    // libgit2's git_libgit2_opt_t values, checked against this build of the native library by reading them back.
    private const int SetServerConnectTimeout = 39;
    private const int GetServerConnectTimeout = 40;
    private const int SetServerTimeout = 41;
    private const int GetServerTimeout = 42;

    /// <summary>Applies both bounds; true when the native library took and reports them.</summary>
    public static bool Apply(TimeSpan connect, TimeSpan io)
    {
        LibGit2Sharp.GlobalSettings.Version.ToString(); // loads the native library the way LibGit2Sharp does
        var connectMs = (int)Math.Clamp(connect.TotalMilliseconds, 1, int.MaxValue);
        var ioMs = (int)Math.Clamp(io.TotalMilliseconds, 1, int.MaxValue);
        return Options(SetServerConnectTimeout, connectMs) == 0
            && Options(SetServerTimeout, ioMs) == 0
            && Read(GetServerConnectTimeout, out var readConnect) == 0 && readConnect == connectMs
            && Read(GetServerTimeout, out var readIo) == 0 && readIo == ioMs;
    }

    /// <summary>True when a libgit2 error says the server did not answer in time.</summary>
    public static bool IsTimeout(Exception e) =>
        e.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase);

    // git_libgit2_opts is variadic; its int and int* arguments travel in the same registers as fixed ones.
    [LibraryImport("git2-5853918", EntryPoint = "git_libgit2_opts")]
    private static partial int Options(int option, int value);

    [LibraryImport("git2-5853918", EntryPoint = "git_libgit2_opts")]
    private static partial int Read(int option, out int value);
}
