using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Kubernetes;

/// <summary>Registers the Hive provider for clusters with <c>provider.type: hive</c>.</summary>
public static class KubernetesServiceCollectionExtensions
{
    /// <summary>Hive over the hub cluster whose kubeconfig is at <paramref name="hubKubeconfigPath"/>.</summary>
    public static IServiceCollection AddHive(this IServiceCollection services, string hubKubeconfigPath) =>
        services.AddSingleton(new ClusterProviderRegistration(ProviderType.Hive, HubConnection.Provider(hubKubeconfigPath)));
}
