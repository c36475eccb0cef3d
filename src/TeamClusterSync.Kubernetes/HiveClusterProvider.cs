using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// The <c>hive</c> provider: a cluster is a Hive <c>ClusterClaim</c> on a <c>ClusterPool</c> in the hub, with a
/// <c>spec.lifetime</c> (<see cref="ClaimLifetime"/>). Credentials go out only once the claim's <c>ClusterRunning</c>
/// condition is True; before that, <see cref="StatusAsync"/> says what Hive is doing. Each holder gets their own
/// ServiceAccount on the claimed cluster, bound to <c>cluster-admin</c> (read-write) or <c>cluster-reader</c>
/// (read-only), with a TokenRequest token that expires with the lease and dies with the account on done, handover or
/// expiry. The shared admin kubeconfig goes out only where the cluster sets <c>provider.hive.sharedAdminKubeconfig</c>.
/// </summary>
/// <param name="hub">The hub cluster where Hive runs.</param>
/// <param name="spoke">Builds a client for a claimed cluster from its admin kubeconfig.</param>
/// <param name="clock">For the claims' lifetimes; the system clock by default.</param>
public sealed class HiveClusterProvider(IKubernetes hub, Func<string, IKubernetes> spoke, TimeProvider? clock = null) : IClusterProvider
{
    private const string Hive = "hive.openshift.io";

    /// <summary>Credentials once the claim runs; a hibernating cluster is woken first (and the caller told it is not running yet).</summary>
    public async Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct)
    {
        var admin = await AdminKubeconfigAsync(cluster, ct, wake: true);
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
    /// <c>provider.hive.sharedAdminKubeconfig</c>) cannot be revoked short of reprovisioning. A claim still waiting
    /// for a cluster has handed out nothing, and a cluster is hibernated only once nobody holds it, so neither has
    /// anything to revoke (nor is a sleeping cluster woken for it).
    /// </summary>
    public async Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct)
    {
        var readWrite = mode == AccessMode.ReadWrite;
        if ((readWrite && cluster.Provider.Hive?.SharedAdminKubeconfig == true)
            || (await ReadAsync(cluster, ct)).Status.Phase is PhaseKind.Pending or PhaseKind.Hibernating)
        {
            return;
        }

        using var client = spoke(await AdminKubeconfigAsync(cluster, ct));
        await HolderAccounts.DeleteAsync(client, HolderAccounts.Name(user, readWrite), ct);
    }

    /// <summary>
    /// Make before break: claims the next generation's cluster beside the one in use, which keeps serving until
    /// <see cref="SwitchAsync"/> retires it. A rebuild already on its way is fresh enough; nothing more is claimed.
    /// </summary>
    public async Task ReprovisionAsync(Cluster cluster, CancellationToken ct)
    {
        var claims = await ClaimsAsync(cluster, ct);
        if (claims.Count < 2)
        {
            await CreateAsync(cluster, claims.Count == 0 ? 1 : claims[^1].Generation + 1, ct);
        }
    }

    /// <summary>
    /// Once the next generation's claim runs: deletes the older claims (Hive destroys their clusters), so the new
    /// cluster is the one in use. False while there is no rebuild, or it does not run yet.
    /// </summary>
    public async Task<bool> SwitchAsync(Cluster cluster, CancellationToken ct)
    {
        var claims = await ClaimsAsync(cluster, ct);
        if (!await RunsAsync(cluster, claims, ct))
        {
            return false;
        }

        var spec = Spec(cluster);
        foreach (var old in claims.SkipLast(1))
        {
            var name = old.Claim["metadata"]!["name"]!.GetValue<string>();
            await HolderAccounts.IgnoringAsync(HttpStatusCode.NotFound, () => hub.CustomObjects.DeleteNamespacedCustomObjectAsync(Hive, "v1", spec.Namespace, "clusterclaims", name, cancellationToken: ct));
        }

        return true;
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

    /// <summary>What Hive says about the cluster's claim, claiming a cluster first if nobody has.</summary>
    public async Task<ClusterStatus?> StatusAsync(Cluster cluster, CancellationToken ct) => (await ReadAsync(cluster, ct)).Status;

    /// <summary>Sets the claimed ClusterDeployment's <c>spec.powerState</c> to Hibernating; Hive stops its machines.</summary>
    public async Task HibernateAsync(Cluster cluster, CancellationToken ct)
    {
        if ((await ReadAsync(cluster, ct)).Deployment is { } deployment)
        {
            await PowerAsync(deployment, "Hibernating", ct);
        }
    }

    /// <summary>The claim's cluster's admin kubeconfig, once Hive runs it; <paramref name="wake"/> resumes a hibernating one.</summary>
    private async Task<string> AdminKubeconfigAsync(Cluster cluster, CancellationToken ct, bool wake = false)
    {
        var (status, deployment) = await ReadAsync(cluster, ct);
        if (wake && status.Phase == PhaseKind.Hibernating && deployment is not null)
        {
            await PowerAsync(deployment, "Running", ct);
        }

        if (status.Phase != PhaseKind.Running || deployment is null)
        {
            throw new ClusterNotReadyException(cluster.Name, status);
        }

        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        var secretName = deployment["spec"]?["clusterMetadata"]?["adminKubeconfigSecretRef"]?["name"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"cluster {cluster.Name}: ClusterDeployment {name} names no admin kubeconfig");
        var secret = await hub.CoreV1.ReadNamespacedSecretAsync(secretName, name, cancellationToken: ct);
        return secret.Data is { } data && data.TryGetValue("kubeconfig", out var bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"cluster {cluster.Name}: secret {name}/{secretName} has no kubeconfig");
    }

    /// <summary>Whether a claim newer than the one in use runs.</summary>
    public async Task<bool> RebuildRunsAsync(Cluster cluster, CancellationToken ct) => await RunsAsync(cluster, await ClaimsAsync(cluster, ct), ct);

    private async Task<bool> RunsAsync(Cluster cluster, IReadOnlyList<(int Generation, JsonNode Claim)> claims, CancellationToken ct) =>
        claims.Count > 1 && (await StatusOfAsync(cluster, claims[^1].Claim, ct)).Status.Phase == PhaseKind.Running;

    /// <summary>The claim in use (the oldest; one is created when there is none) and its ClusterDeployment, if one is assigned and still there.</summary>
    private async Task<(ClusterStatus Status, JsonNode? Deployment)> ReadAsync(Cluster cluster, CancellationToken ct)
    {
        var claims = await ClaimsAsync(cluster, ct);
        return claims.Count > 0
            ? await StatusOfAsync(cluster, claims[0].Claim, ct)
            : (HiveStatus.Of(await CreateAsync(cluster, 1, ct), null, Spec(cluster).ClusterPool), null);
    }

    private async Task<(ClusterStatus Status, JsonNode? Deployment)> StatusOfAsync(Cluster cluster, JsonNode claim, CancellationToken ct)
    {
        var deployment = claim["spec"]?["namespace"]?.GetValue<string>() is { Length: > 0 } name
            ? await GetAsync(() => hub.CustomObjects.GetNamespacedCustomObjectAsync(Hive, "v1", name, "clusterdeployments", name, ct))
            : null;
        return (HiveStatus.Of(claim, deployment, Spec(cluster).ClusterPool), deployment);
    }

    /// <summary>The cluster's claims in the hub, oldest generation first.</summary>
    private async Task<IReadOnlyList<(int Generation, JsonNode Claim)>> ClaimsAsync(Cluster cluster, CancellationToken ct)
    {
        var list = JsonSerializer.SerializeToNode(await hub.CustomObjects.ListNamespacedCustomObjectAsync(Hive, "v1", Spec(cluster).Namespace, "clusterclaims", cancellationToken: ct));
        return [.. (list?["items"]?.AsArray() ?? [])
            .Select(item => (Generation: HiveClaims.Generation(cluster.Name, item!["metadata"]!["name"]!.GetValue<string>()), Claim: item!))
            .Where(c => c.Generation is not null)
            .Select(c => (c.Generation!.Value, c.Claim))
            .OrderBy(c => c.Item1)];
    }

    private async Task<JsonObject> CreateAsync(Cluster cluster, int generation, CancellationToken ct)
    {
        var spec = Spec(cluster);
        var body = Claim(cluster, spec, HiveClaims.Name(cluster.Name, generation));
        await hub.CustomObjects.CreateNamespacedCustomObjectAsync(body, Hive, "v1", spec.Namespace, "clusterclaims", cancellationToken: ct);
        return body;
    }

    private async Task PowerAsync(JsonNode deployment, string state, CancellationToken ct)
    {
        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        await hub.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["powerState"] = state } }.ToJsonString(), V1Patch.PatchType.MergePatch), Hive, "v1", name, "clusterdeployments", name, cancellationToken: ct);
    }

    private JsonObject Claim(Cluster cluster, HiveProvider spec, string name)
    {
        var claimSpec = new JsonObject { ["clusterPoolName"] = spec.ClusterPool };
        if (ClaimLifetime.For(cluster.Reprovision, (clock ?? TimeProvider.System).GetUtcNow()) is { } lifetime)
        {
            claimSpec["lifetime"] = lifetime;
        }

        return new()
        {
            ["apiVersion"] = $"{Hive}/v1",
            ["kind"] = "ClusterClaim",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = spec.Namespace },
            ["spec"] = claimSpec,
        };
    }

    private static HiveProvider Spec(Cluster cluster) =>
        cluster.Provider.Hive ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.hive");

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
