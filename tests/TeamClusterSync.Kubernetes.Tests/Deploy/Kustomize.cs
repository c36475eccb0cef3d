using System.Diagnostics;
using System.Text.RegularExpressions;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Kubernetes.Tests.Deploy;

/// <summary>
/// Renders a kustomization under <c>deploy/</c>: with <c>kubectl kustomize</c> when kubectl is installed (it is in
/// the image CI runs on), else by following the <c>resources:</c> lists, which is all our kustomizations use (no
/// patches, no generators), so both give the same objects.
/// </summary>
internal static partial class Kustomize
{
    public static string Render(string relativeDir)
    {
        var dir = Path.Combine(RepoRoot.Path, relativeDir);
        return Kubectl() is { } kubectl ? RunKubectl(kubectl, dir) : string.Join("---\n", Resources(dir));
    }

    private static IEnumerable<string> Resources(string dir)
    {
        var kustomization = File.ReadAllText(Path.Combine(dir, "kustomization.yaml"));
        foreach (Match entry in ResourceEntry().Matches(kustomization.Split("resources:")[1]))
        {
            var path = Path.GetFullPath(Path.Combine(dir, entry.Groups[1].Value));
            var texts = Directory.Exists(path) ? Resources(path) : [File.ReadAllText(path)];
            foreach (var text in texts)
            {
                yield return text;
            }
        }
    }

    private static string? Kubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "kubectl")).FirstOrDefault(File.Exists);

    private static string RunKubectl(string kubectl, string dir)
    {
        using var home = new TempDirectory("tcs-kubectl");
        var info = new ProcessStartInfo(kubectl, ["kustomize", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["HOME"] = home.Path;
        info.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {dir} failed: {error}");
        return output.Result;
    }

    [GeneratedRegex(@"^  - (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ResourceEntry();
}
