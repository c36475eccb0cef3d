using System.Collections.Concurrent;
using System.Security.Cryptography;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Credentials;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Providers.Simulated;

/// <summary>
/// The embedded default: clusters "exist" the moment they are configured, at their spec's console URL. Every issue
/// mints a fresh token, so tests can tell who got what; read-only access uses a distinct identity, as the real
/// providers do (a ServiceAccount bound to a read-only role).
/// </summary>
public sealed class SimulatedProvider : IClusterProvider
{
    private readonly ConcurrentDictionary<string, string> issued = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tokens handed out and not yet revoked, keyed by <c>cluster/user/mode</c>.</summary>
    public IReadOnlyDictionary<string, string> ActiveTokens => issued;

    public Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct)
    {
        if (mode == AccessMode.ReadWrite)
        {
            // A new holder of a leftDirty cluster will leave it dirty again.
            restored.TryRemove(cluster.Name, out _);
        }

        var token = "sim~" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        issued[Key(cluster, user, mode)] = token;
        var identity = mode == AccessMode.ReadWrite
            ? "kube:admin"
            : $"system:serviceaccount:teamclustersync:reader-{user.ToLowerInvariant()}";
        var role = mode == AccessMode.ReadWrite ? "admin" : "read-only";
        var kubeconfig = Kubeconfig.Render(new KubeconfigSpec(
            cluster.Name,
            Kubeconfig.ApiServerOf(cluster.ConsoleUrl),
            $"{cluster.Name}-{role}",
            token,
            Comments: [$"{cluster.Name} ({role}) for @{user}, valid until {Timestamps.Iso(expires)}", $"identity: {identity}"]));
        var suffix = mode == AccessMode.ReadWrite ? "" : "-readonly";
        return Task.FromResult(new IssuedCredentials($"kubeconfig-{cluster.Name}{suffix}.yaml", kubeconfig, identity));
    }

    public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct)
    {
        issued.TryRemove(Key(cluster, user, mode), out _);
        return Task.CompletedTask;
    }

    /// <summary>Clusters reprovisioned so far, in order.</summary>
    public ConcurrentQueue<string> Reprovisioned { get; } = new();

    /// <summary>Instant, like everything simulated: the old credentials die with the old cluster.</summary>
    public Task ReprovisionAsync(Cluster cluster, CancellationToken ct)
    {
        foreach (var key in issued.Keys.Where(k => k.StartsWith(cluster.Name + "/", StringComparison.OrdinalIgnoreCase)))
        {
            issued.TryRemove(key, out _);
        }

        dirty.TryRemove(cluster.Name, out _);
        Reprovisioned.Enqueue(cluster.Name);
        return Task.CompletedTask;
    }

    /// <summary>Simulated clusters left dirty, by name: what is off (the demo and tests leave one so with <see cref="LeaveDirty"/>).</summary>
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> dirty = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>leftDirty</c> clusters restored since their last read-write grant.</summary>
    private readonly ConcurrentDictionary<string, bool> restored = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a holder who forgot to clean up leaves behind: the CVO scaled down and an override in place.</summary>
    public static IReadOnlyList<string> ForgottenCleanup { get; } =
        ["ClusterVersion has 1 entry in spec.overrides", "the cluster-version-operator is scaled to 0 replicas"];

    /// <summary>Makes the next release checks of <paramref name="cluster"/> find <paramref name="problems"/> until it is restored or rebuilt.</summary>
    public void LeaveDirty(string cluster, IReadOnlyList<string>? problems = null) => dirty[cluster] = problems ?? ForgottenCleanup;

    /// <summary>A cluster whose spec says <c>leftDirty</c> is dirty after every release, until restored.</summary>
    public Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct) =>
        Task.FromResult(
            dirty.TryGetValue(cluster.Name, out var problems) ? problems
            : cluster.Provider.LeftDirty && !restored.ContainsKey(cluster.Name) ? ForgottenCleanup
            : (IReadOnlyList<string>)[]);

    public Task RestoreAsync(Cluster cluster, CancellationToken ct)
    {
        dirty.TryRemove(cluster.Name, out _);
        restored[cluster.Name] = true;
        return Task.CompletedTask;
    }

    private static string Key(Cluster cluster, string user, AccessMode mode) => $"{cluster.Name}/{user}/{mode}";
}
