using System.Runtime.InteropServices;

namespace TeamClusterSync.Bench;

/// <summary>
/// CPU time used so far by this process and by every child process it has waited for (getrusage), in milliseconds:
/// the git CLI and the published program run as children, so their work counts too. Linux only, like the benchmarks.
/// </summary>
internal static class CpuTime
{
    private const int Self = 0;
    private const int Children = -1;

    public static double Used() => Of(Self) + Of(Children);

    private static double Of(int who)
    {
        if (GetRUsage(who, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed ({Marshal.GetLastPInvokeError()})");
        }

        return ((usage.UserSeconds + usage.SystemSeconds) * 1000.0) + ((usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0);
    }

    // DllImport rather than LibraryImport: the generated marshaller would need unsafe code in the project.
    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRUsage(int who, out RUsage usage);

    /// <summary>The head of <c>struct rusage</c> on 64-bit Linux (two <c>timeval</c>s), padded to its full 144 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }
}
