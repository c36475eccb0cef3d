using k8s;
using TeamClusterSync.Core.Credentials;

namespace TeamClusterSync.Kubernetes;

/// <summary>A token kubeconfig for a ServiceAccount, pointing at the same API server (and CA) as the admin one.</summary>
internal static class ReaderKubeconfig
{
    public static string Render(string cluster, string adminKubeconfig, string token, string role = "read-only")
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(adminKubeconfig));
        var endpoint = KubernetesClientConfiguration.LoadKubeConfig(stream).Clusters.First().ClusterEndpoint;
        return Kubeconfig.Render(new KubeconfigSpec(cluster, endpoint.Server, $"{cluster}-{role}", token, endpoint.CertificateAuthorityData));
    }
}
