using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// The <c>hive</c> provider: a cluster is a Hive <c>ClusterClaim</c> on a <c>ClusterPool</c> in the hub. Each holder
/// gets their own ServiceAccount on the claimed cluster, bound to <c>cluster-admin</c> (read-write) or
/// <c>cluster-reader</c> (read-only), with a TokenRequest token that expires with the lease and dies with the account
/// on done, handover or expiry. The shared admin kubeconfig goes out only where the cluster sets
/// <c>provider.hive.sharedAdminKubeconfig</c>.
/// </summary>
/// <param name="hub">The hub cluster where Hive runs.</param>
/// <param name="spoke">Builds a client for a claimed cluster from its admin kubeconfig.</param>
public sealed class HiveClusterProvider(IKubernetes hub, Func<string, IKubernetes> spoke) : IClusterProvider
{
    private const string Hive = "hive.openshift.io";
    private const string ReaderNamespace = "teamclustersync";

    public async Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct)
    {
        var admin = await AdminKubeconfigAsync(cluster, ct);
        var readWrite = mode == AccessMode.ReadWrite;
        if (readWrite && cluster.Provider.Hive?.SharedAdminKubeconfig == true)
        {
            return new IssuedCredentials($"kubeconfig-{cluster.Name}.yaml", admin, "kube:admin");
        }

        var account = HolderAccounts.Name(user, readWrite);
        using var client = spoke(admin);
        var token = await HolderAccounts.TokenAsync(client, account, readWrite ? "cluster-admin" : "cluster-reader", expires, ct);
        var identity = $"system:serviceaccount:{HolderAccounts.Namespace}:{account}";
        return readWrite
            ? new IssuedCredentials($"kubeconfig-{cluster.Name}.yaml", ReaderKubeconfig.Render(cluster.Name, admin, token, "admin"), identity)
            : new IssuedCredentials($"kubeconfig-{cluster.Name}-readonly.yaml", ReaderKubeconfig.Render(cluster.Name, admin, token), identity);
    }

    /// <summary>
    /// Access ends with its ServiceAccount, read-write included; only the shared admin kubeconfig (behind
    /// <c>provider.hive.sharedAdminKubeconfig</c>) cannot be revoked short of reprovisioning.
    /// </summary>
    public async Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct)
    {
        var readWrite = mode == AccessMode.ReadWrite;
        if (readWrite && cluster.Provider.Hive?.SharedAdminKubeconfig == true)
        {
            return;
        }

        using var client = spoke(await AdminKubeconfigAsync(cluster, ct));
        await HolderAccounts.DeleteAsync(client, HolderAccounts.Name(user, readWrite), ct);
    }

    /// <summary>Hive's way: delete the claim (Hive destroys that cluster); the next request claims a fresh one from the pool.</summary>
    public async Task ReprovisionAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Hive ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.hive");
        await HolderAccounts.IgnoringAsync(HttpStatusCode.NotFound, () => hub.CustomObjects.DeleteNamespacedCustomObjectAsync(Hive, "v1", spec.Namespace, "clusterclaims", cluster.Name, cancellationToken: ct));
    }

    /// <summary>The OpenShift release check, on the claimed cluster through its admin kubeconfig.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct)
    {
        using var client = spoke(await AdminKubeconfigAsync(cluster, ct));
        return await OpenShiftReleaseCheck.CheckAsync(client, ct);
    }

    public async Task RestoreAsync(Cluster cluster, CancellationToken ct)
    {
        using var client = spoke(await AdminKubeconfigAsync(cluster, ct));
        await OpenShiftReleaseCheck.RestoreAsync(client, ct);
    }

    /// <summary>The claim's cluster's admin kubeconfig; claims the cluster first if nobody has.</summary>
    private async Task<string> AdminKubeconfigAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Hive ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.hive");
        var claim = await GetAsync(() => hub.CustomObjects.GetNamespacedCustomObjectAsync(Hive, "v1", spec.Namespace, "clusterclaims", cluster.Name, ct));
        if (claim is null)
        {
            await hub.CustomObjects.CreateNamespacedCustomObjectAsync(Claim(cluster.Name, spec), Hive, "v1", spec.Namespace, "clusterclaims", cancellationToken: ct);
        }

        if (claim?["spec"]?["namespace"]?.GetValue<string>() is not { Length: > 0 } deployment)
        {
            throw new InvalidOperationException($"cluster {cluster.Name} is being claimed from pool {spec.ClusterPool}; ask again in a few minutes");
        }

        var cd = await GetAsync(() => hub.CustomObjects.GetNamespacedCustomObjectAsync(Hive, "v1", deployment, "clusterdeployments", deployment, ct))
            ?? throw new InvalidOperationException($"cluster {cluster.Name}: ClusterDeployment {deployment} is gone; the claim needs a new cluster");
        var secretName = cd["spec"]?["clusterMetadata"]?["adminKubeconfigSecretRef"]?["name"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"cluster {cluster.Name} is not installed yet; ask again in a few minutes");
        var secret = await hub.CoreV1.ReadNamespacedSecretAsync(secretName, deployment, cancellationToken: ct);
        return secret.Data is { } data && data.TryGetValue("kubeconfig", out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"cluster {cluster.Name}: secret {deployment}/{secretName} has no kubeconfig");
    }

    private static JsonObject Claim(string name, HiveProvider spec) => new()
    {
        ["apiVersion"] = $"{Hive}/v1",
        ["kind"] = "ClusterClaim",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = spec.Namespace },
        ["spec"] = new JsonObject { ["clusterPoolName"] = spec.ClusterPool },
    };

    private static async Task<JsonNode?> GetAsync(Func<Task<object>> get)
    {
        try
        {
            return JsonSerializer.SerializeToNode(await get());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
