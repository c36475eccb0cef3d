using System.Text;
using k8s;

namespace TeamClusterSync.Kubernetes;

/// <summary>Kubernetes clients from kubeconfigs: the hub from a file the operator mounts, a claimed cluster from its admin kubeconfig.</summary>
public static class HubConnection
{
    /// <summary>The hive provider over the hub whose kubeconfig is at <paramref name="path"/>.</summary>
    public static HiveClusterProvider Provider(string path) =>
        new(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path)), Spoke);

    public static IKubernetes Spoke(string kubeconfig)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }
}
