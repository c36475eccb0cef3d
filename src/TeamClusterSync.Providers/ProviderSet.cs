using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Credentials;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Providers.Command;
using TeamClusterSync.Providers.Simulated;

namespace TeamClusterSync.Providers;

/// <summary>
/// Hands each cluster to the provider its spec names (<c>provider.type</c>); a later registration of a type wins. It
/// is the one edge between the bot and every provider: whatever a provider says passes <see cref="Secrets"/> here,
/// before it can reach git, Slack or a log.
/// </summary>
public sealed class ProviderSet(IEnumerable<ClusterProviderRegistration> registrations) : IClusterProvider
{
    /// <summary>The most problems a release check reports: they make one commit subject.</summary>
    private const int MaxProblems = 5;

    private readonly Dictionary<ProviderType, IClusterProvider> providers =
        registrations.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Last().Provider);

    /// <summary>The providers that need nothing more: simulated and command. Hive needs a hub cluster.</summary>
    public static IReadOnlyList<ClusterProviderRegistration> Defaults(SimulatedProvider? simulated = null) =>
    [
        new(ProviderType.Simulated, simulated ?? new SimulatedProvider()),
        new(ProviderType.Command, new CommandLineProvider()),
    ];

    public Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct) =>
        Guard(cluster, p => p.IssueAsync(cluster, user, mode, expires, ct));

    public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct) =>
        Guard(cluster, async p => { await p.RevokeAsync(cluster, user, mode, ct); return true; });

    public Task ReprovisionAsync(Cluster cluster, CancellationToken ct) =>
        Guard(cluster, async p => { await p.ReprovisionAsync(cluster, ct); return true; });

    /// <summary>What is off, each line cut short and redacted: it goes into a commit subject, the state file and the team channel.</summary>
    public Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct) =>
        Guard(cluster, async p => (IReadOnlyList<string>)[.. (await p.CheckAsync(cluster, ct)).Select(l => Secrets.Summary(l, 1)).Where(l => l.Length > 0).Take(MaxProblems)]);

    public Task RestoreAsync(Cluster cluster, CancellationToken ct) =>
        Guard(cluster, async p => { await p.RestoreAsync(cluster, ct); return true; });

    public Task<ClusterStatus?> StatusAsync(Cluster cluster, CancellationToken ct) =>
        Guard(cluster, async p => await p.StatusAsync(cluster, ct) is { } status ? Said(status) : null);

    public Task HibernateAsync(Cluster cluster, CancellationToken ct) =>
        Guard(cluster, async p => { await p.HibernateAsync(cluster, ct); return true; });

    public Task<bool> RebuildRunsAsync(Cluster cluster, CancellationToken ct) => Guard(cluster, p => p.RebuildRunsAsync(cluster, ct));

    public Task<bool> SwitchAsync(Cluster cluster, CancellationToken ct) => Guard(cluster, p => p.SwitchAsync(cluster, ct));

    /// <summary>
    /// The edge every provider's words cross: a failure leaves as a <see cref="ProviderFailedException"/> whose message
    /// is cut short and redacted (with no inner exception, whose text a log would print whole), a cluster not ready
    /// yet with its status redacted.
    /// </summary>
    private async Task<T> Guard<T>(Cluster cluster, Func<IClusterProvider, Task<T>> call)
    {
        var provider = For(cluster);
        try
        {
            return await call(provider);
        }
        catch (ClusterNotReadyException e)
        {
            throw new ClusterNotReadyException(cluster.Name, Said(e.Status));
        }
        catch (ProviderFailedException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ProviderFailedException(Secrets.Summary(e.Message, 1));
        }
    }

    private static ClusterStatus Said(ClusterStatus status) =>
        status with { Reason = Secrets.Summary(status.Reason, 1), Message = Secrets.Summary(status.Message) };

    private IClusterProvider For(Cluster cluster) =>
        providers.TryGetValue(cluster.Provider.Type, out var provider)
            ? provider
            : throw new NotSupportedException($"cluster {cluster.Name} uses provider '{cluster.Provider.Type.ToString().ToLowerInvariant()}', which this bot is not configured for");
}
