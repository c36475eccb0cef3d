using System.Text;
using k8s;

namespace TeamClusterSync.Kubernetes;

/// <summary>Kubernetes clients from kubeconfigs: the hub from a file the operator mounts, a claimed cluster from its admin kubeconfig.</summary>
public static class HubConnection
{
    public const string Variable = "HIVE_KUBECONFIG";

    /// <summary>The hive provider over the hub named by <c>HIVE_KUBECONFIG</c>, or null when it is not set.</summary>
    public static HiveClusterProvider? FromEnvironment(Func<string, string?> environment) =>
        environment(Variable) is { Length: > 0 } path
            ? new HiveClusterProvider(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path)), Spoke)
            : null;

    public static IKubernetes Spoke(string kubeconfig)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }
}
