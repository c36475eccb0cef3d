using k8s;

namespace TeamClusterSync.Kubernetes.LeaderElection;

/// <summary>The API server the Lease lives on: the kubeconfig given, else the pod's in-cluster service account.</summary>
public static class LeaderElectionConnection
{
    public static IKubernetes Client(string? kubeconfigPath)
    {
        if (kubeconfigPath is not null)
        {
            return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
        }

        return KubernetesClientConfiguration.IsInCluster()
            ? new k8s.Kubernetes(KubernetesClientConfiguration.InClusterConfig())
            : throw new InvalidOperationException("--leader-elect needs the Kubernetes API: set KUBECONFIG, or run in a pod (in-cluster config)");
    }
}
