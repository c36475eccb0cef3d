using System.Runtime.CompilerServices;
using Xunit;

namespace TeamClusterSync.Testing;

/// <summary>
/// Approved-file assertions: the expected text lives in <c>testdata/NAME.approved.EXT</c> next to the test file.
/// On a mismatch, <c>NAME.received.EXT</c> is written beside it for diffing. A missing approved file fails,
/// unless <c>UPDATE_APPROVALS=1</c>, which (re)writes approved files from what was received.
/// </summary>
public static class Approvals
{
    public static void Verify(string received, string name, string extension = "txt", [CallerFilePath] string callerFile = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerFile)!, "testdata");
        var approvedPath = Path.Combine(dir, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(dir, $"{name}.received.{extension}");
        received = received.ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable("UPDATE_APPROVALS") == "1")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(approvedPath, received);
            return;
        }

        if (!File.Exists(approvedPath))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(receivedPath, received);
            Assert.Fail($"No approved file {approvedPath}. Review {receivedPath} and rename it, or run with UPDATE_APPROVALS=1.");
        }

        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (approved != received)
        {
            File.WriteAllText(receivedPath, received);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        Assert.Equal(approved, received);
    }
}
