using k8s;

namespace TeamClusterSync.Kubernetes;

/// <summary>A token kubeconfig for the read-only ServiceAccount, pointing at the same API server as the admin one.</summary>
internal static class ReaderKubeconfig
{
    public static string Render(string cluster, string adminKubeconfig, string token)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(adminKubeconfig));
        var admin = KubernetesClientConfiguration.LoadKubeConfig(stream);
        var endpoint = admin.Clusters.First().ClusterEndpoint;
        var ca = endpoint.CertificateAuthorityData is { Length: > 0 } data ? $"\n    certificate-authority-data: {data}" : "";
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {cluster}
              cluster:
                server: {endpoint.Server}{ca}
            users:
            - name: {cluster}-read-only
              user:
                token: {token}
            contexts:
            - name: {cluster}-read-only
              context:
                cluster: {cluster}
                user: {cluster}-read-only
            current-context: {cluster}-read-only

            """;
    }
}
