using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.App.Usage;

namespace TeamClusterSync.App;

/// <summary>Registers the application: the chat command engine and the reconcilers, over whatever adapters fill its ports.</summary>
public static class AppServiceCollectionExtensions
{
    /// <summary>
    /// Needs an <see cref="IStateStore"/>, an <see cref="ILeaseHistory"/> and an <see cref="IClusterProvider"/>; uses an <see cref="ITeamMembershipSource"/>
    /// and an <see cref="IUserGroupDirectory"/> when registered. Without a logging setup, logs go nowhere.
    /// </summary>
    public static IServiceCollection AddTeamClusterSyncApp(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.TryAddSingleton<IReplyOutbox, NoReplyOutbox>();
        services.AddSingleton<ConfigCache>();
        services.AddSingleton<ReleaseChecks>();
        services.AddSingleton<ClusterPhases>();
        services.AddSingleton<LeaseRunner>();
        services.AddSingleton<ActionBudget>();
        services.AddSingleton<CommandEngine>();
        services.AddSingleton<UsageReports>();
        services.AddSingleton<UsageChat>();
        services.AddSingleton(sp => new HomeService(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<ConfigCache>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HomeService>>(),
            sp.GetService<IHomeSurface>()));
        services.AddSingleton<LeaseExpiryReconciler>();
        services.AddSingleton<LeaseRepairReconciler>();
        services.AddSingleton<HistoryRewriteReconciler>();
        services.AddSingleton<ClusterLifecycleReconciler>();
        services.AddSingleton<ClusterReadinessReconciler>();
        services.AddSingleton(sp => new UsageReconciler(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<ConfigCache>(),
            sp.GetRequiredService<UsageReports>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UsageReconciler>>(),
            sp.GetService<IUsageChart>(),
            sp.GetService<IChannelFiles>()));
        services.AddSingleton(sp => new TeamSyncReconciler(
            sp.GetRequiredService<IStateStore>(),
            sp.GetService<ITeamMembershipSource>(),
            sp.GetService<IUserGroupDirectory>(),
            sp.GetRequiredService<ILogger<TeamSyncReconciler>>()));
        return services;
    }
}
