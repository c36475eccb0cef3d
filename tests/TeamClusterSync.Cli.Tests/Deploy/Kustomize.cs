using System.Diagnostics;
using k8s;
using k8s.Models;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Deploy;

/// <summary>
/// A folder of <c>deploy/</c> as <c>kubectl kustomize</c> renders it, the way an operator applies it, read into the
/// Kubernetes client's models (the two custom resources we use, a Route and a ServiceMonitor, as <see cref="CustomObject"/>).
/// kubectl is part of the machine CI runs on, as of an operator's; without it the test says so.
/// </summary>
internal static class Kustomize
{
    private static readonly Dictionary<string, Type> CustomResources = new()
    {
        ["route.openshift.io/v1/Route"] = typeof(CustomObject),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(CustomObject),
    };

    public static string Deploy { get; } = Path.Combine(RepoRoot.Path, "deploy");

    /// <summary>Each folder under deploy/overlays, by name.</summary>
    public static IReadOnlyList<string> Overlays() =>
        [.. Directory.GetDirectories(Path.Combine(Deploy, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static List<object> Objects(string relativeDir) => Parse(Render(relativeDir));

    public static List<object> Parse(string rendered) => KubernetesYaml.LoadAllFromString(rendered, CustomResources);

    public static string Render(string relativeDir)
    {
        var dir = Path.Combine(Deploy, relativeDir);
        using var home = new TempDirectory("tcs-kubectl");
        var info = new ProcessStartInfo("kubectl", ["kustomize", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["HOME"] = home.Path;
        info.Environment.Remove("KUBECONFIG");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"rendering deploy/ needs kubectl (kubectl kustomize): {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {dir} failed: {error}");
            return output.Result;
        }
    }

    public static V1Container Container(V1StatefulSet set) => Assert.Single(set.Spec.Template.Spec.Containers);

    public static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;
}

/// <summary>A custom resource, its spec as YAML maps: enough to check a Route or a ServiceMonitor.</summary>
internal sealed class CustomObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public Dictionary<object, object> Spec { get; set; } = [];

    /// <summary>The value at a dotted path under spec, e.g. <c>to.name</c>.</summary>
    public object? At(string path) =>
        path.Split('.').Aggregate<string, object?>(Spec, (node, key) => node is Dictionary<object, object> map ? map.GetValueOrDefault(key) : null);
}
