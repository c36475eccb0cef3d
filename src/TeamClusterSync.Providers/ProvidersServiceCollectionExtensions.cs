using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Providers;

/// <summary>Registers the app's <see cref="IClusterProvider"/>: every registered provider, chosen per cluster.</summary>
public static class ProvidersServiceCollectionExtensions
{
    /// <summary>Simulated and command clusters always; other adapters add <see cref="ClusterProviderRegistration"/>s (Hive).</summary>
    public static IServiceCollection AddClusterProviders(this IServiceCollection services)
    {
        foreach (var registration in ProviderSet.Defaults())
        {
            services.AddSingleton(registration);
        }

        return services.AddSingleton<IClusterProvider>(sp => new ProviderSet(sp.GetServices<ClusterProviderRegistration>()));
    }
}
