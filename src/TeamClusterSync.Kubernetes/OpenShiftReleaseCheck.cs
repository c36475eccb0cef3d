using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// What the next user of an OpenShift cluster expects after a holder is done: the ClusterVersion has no
/// <c>spec.overrides</c> (nothing taken out of the CVO's hands) and the cluster-version-operator Deployment in
/// <c>openshift-cluster-version</c> runs. Read and put back through the cluster's own API.
/// </summary>
internal static class OpenShiftReleaseCheck
{
    private const string CvoNamespace = "openshift-cluster-version";
    private const string CvoName = "cluster-version-operator";

    /// <summary>What is off, in words; empty when clean.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IKubernetes client, CancellationToken ct)
    {
        var problems = new List<string>();
        var version = JsonSerializer.SerializeToNode(
            await client.CustomObjects.GetClusterCustomObjectAsync("config.openshift.io", "v1", "clusterversions", "version", ct));
        if (version?["spec"]?["overrides"]?.AsArray() is { Count: > 0 } overrides)
        {
            problems.Add($"ClusterVersion has {overrides.Count} {(overrides.Count == 1 ? "entry" : "entries")} in spec.overrides");
        }

        try
        {
            var cvo = await client.AppsV1.ReadNamespacedDeploymentAsync(CvoName, CvoNamespace, cancellationToken: ct);
            if (cvo.Spec.Replicas is 0)
            {
                problems.Add("the cluster-version-operator is scaled to 0 replicas");
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            problems.Add($"the {CvoName} Deployment is missing from {CvoNamespace}");
        }

        return problems;
    }

    /// <summary>Scales the cluster-version-operator back to one replica and clears the ClusterVersion overrides (merge patches).</summary>
    public static async Task RestoreAsync(IKubernetes client, CancellationToken ct)
    {
        await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), CvoName, CvoNamespace, cancellationToken: ct);
        await client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch("""{"spec":{"overrides":null}}""", V1Patch.PatchType.MergePatch), "config.openshift.io", "v1", "clusterversions", "version", cancellationToken: ct);
    }
}
