using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// The <c>hive</c> provider: a cluster is a Hive <c>ClusterClaim</c> on a <c>ClusterPool</c> in the hub. Read-write
/// access is the claimed cluster's admin kubeconfig; read-only access is a ServiceAccount on that cluster bound to
/// <c>cluster-reader</c>, with a token minted by TokenRequest that expires with the lease.
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
        if (mode == AccessMode.ReadWrite)
        {
            return new IssuedCredentials($"kubeconfig-{cluster.Name}.yaml", admin, "kube:admin");
        }

        var account = "reader-" + user.ToLowerInvariant();
        using var client = spoke(admin);
        await EnsureReaderAsync(client, account, ct);
        var seconds = (long)Math.Max(600, (expires - DateTimeOffset.UtcNow).TotalSeconds);
        var token = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = seconds } }, account, ReaderNamespace, cancellationToken: ct);
        var identity = $"system:serviceaccount:{ReaderNamespace}:{account}";
        return new IssuedCredentials($"kubeconfig-{cluster.Name}-readonly.yaml", ReaderKubeconfig.Render(cluster.Name, admin, token.Status.Token), identity);
    }

    /// <summary>Read-only access ends with its ServiceAccount. The admin kubeconfig cannot be revoked short of reprovisioning.</summary>
    public async Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct)
    {
        if (mode == AccessMode.ReadWrite)
        {
            return;
        }

        using var client = spoke(await AdminKubeconfigAsync(cluster, ct));
        await IgnoringAsync(HttpStatusCode.NotFound, () => client.CoreV1.DeleteNamespacedServiceAccountAsync("reader-" + user.ToLowerInvariant(), ReaderNamespace, cancellationToken: ct));
    }

    /// <summary>Hive's way: delete the claim (Hive destroys that cluster); the next request claims a fresh one from the pool.</summary>
    public async Task ReprovisionAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Hive ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.hive");
        await IgnoringAsync(HttpStatusCode.NotFound, () => hub.CustomObjects.DeleteNamespacedCustomObjectAsync(Hive, "v1", spec.Namespace, "clusterclaims", cluster.Name, cancellationToken: ct));
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

    private static async Task EnsureReaderAsync(IKubernetes client, string account, CancellationToken ct)
    {
        await IgnoringAsync(HttpStatusCode.Conflict, () => client.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = ReaderNamespace } }, cancellationToken: ct));
        await IgnoringAsync(HttpStatusCode.Conflict, () => client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, ReaderNamespace, cancellationToken: ct));
        await IgnoringAsync(HttpStatusCode.Conflict, () => client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(
            new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = $"{ReaderNamespace}-{account}" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-reader" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = ReaderNamespace }],
            },
            cancellationToken: ct));
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

    private static async Task IgnoringAsync(HttpStatusCode status, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == status)
        {
        }
    }
}
