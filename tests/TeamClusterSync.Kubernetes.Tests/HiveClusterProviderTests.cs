using System.Text;
using System.Text.Json.Nodes;
using k8s;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Testing.Kubernetes;

namespace TeamClusterSync.Kubernetes.Tests;

/// <summary>The hive provider through the real KubernetesClient against a loopback API that plays hub and spoke.</summary>
public sealed class HiveClusterProviderTests : IAsyncLifetime
{
    private const string Claims = "/apis/hive.openshift.io/v1/namespaces/hive-pools/clusterclaims";
    private static readonly Cluster Cluster = new(
        "team-rhcos", "redhat-coreos", "4.16", "https://console.team-rhcos.example.com/",
        new ProviderSpec(ProviderType.Hive, Hive: new HiveProvider("hive-pools", "ocp-416")),
        new ReprovisionPolicy(null, WhenLeased.Defer, null), LeasePolicy.Default);

    private KubeStandIn kube = null!;
    private HiveClusterProvider provider = null!;

    public async Task InitializeAsync()
    {
        kube = await KubeStandIn.StartAsync();
        var hub = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = kube.Url, AccessToken = "hub-token" });
        provider = new HiveClusterProvider(hub, HubConnection.Spoke);
    }

    public async Task DisposeAsync() => await kube.DisposeAsync();

    [Fact]
    public async Task The_first_request_claims_the_cluster_and_says_to_come_back()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => IssueAsync(AccessMode.ReadWrite));

        Assert.Equal("cluster team-rhcos is being claimed from pool ocp-416; ask again in a few minutes", e.Message);
        var claim = kube.Get($"{Claims}/team-rhcos")!;
        Assert.Equal("ocp-416", claim["spec"]!["clusterPoolName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_write_is_the_holders_own_cluster_admin_service_account_and_ends_with_the_lease()
    {
        Claimed();

        var issued = await IssueAsync(AccessMode.ReadWrite, expiresIn: TimeSpan.FromHours(4));
        var binding = kube.Get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/teamclustersync-admin-miabbott")!;
        await provider.RevokeAsync(Cluster, "miabbott", AccessMode.ReadWrite, default);

        Assert.Equal(("kubeconfig-team-rhcos.yaml", "system:serviceaccount:teamclustersync:admin-miabbott"), (issued.FileName, issued.Identity));
        Assert.Contains("    token: sa-token-1\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains("current-context: team-rhcos-admin\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-token", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.InRange(kube.TokenExpirations.First(), (4 * 3600) - 60, 4 * 3600);
        Assert.Equal("cluster-admin", binding["roleRef"]!["name"]!.GetValue<string>());
        Assert.Null(kube.Get("/api/v1/namespaces/teamclustersync/serviceaccounts/admin-miabbott"));
        Assert.Null(kube.Get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/teamclustersync-admin-miabbott"));
    }

    [Fact]
    public async Task The_shared_admin_kubeconfig_goes_out_only_behind_the_cluster_setting()
    {
        Claimed();
        var shared = Cluster with { Provider = new ProviderSpec(ProviderType.Hive, Hive: new HiveProvider("hive-pools", "ocp-416", SharedAdminKubeconfig: true)) };

        var issued = await provider.IssueAsync(shared, "miabbott", AccessMode.ReadWrite, DateTimeOffset.UtcNow.AddHours(1), default);

        Assert.Equal(("kubeconfig-team-rhcos.yaml", "kube:admin"), (issued.FileName, issued.Identity));
        Assert.Equal(kube.AdminKubeconfig("team-rhcos"), issued.Kubeconfig);
    }

    [Fact]
    public async Task Read_only_is_a_reader_service_account_with_a_token_that_ends_with_the_lease()
    {
        Claimed();

        var issued = await IssueAsync(AccessMode.ReadOnly, expiresIn: TimeSpan.FromHours(8));
        var again = await IssueAsync(AccessMode.ReadOnly, expiresIn: TimeSpan.FromHours(8));

        Assert.Equal("system:serviceaccount:teamclustersync:reader-jlebon", issued.Identity);
        Assert.Contains("    token: sa-token-1\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains("    token: sa-token-2\n", again.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains($"    server: {kube.Url}\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-token", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.InRange(kube.TokenExpirations.First(), (8 * 3600) - 60, 8 * 3600);
        var binding = kube.Get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/teamclustersync-reader-jlebon")!;
        Assert.Equal("cluster-reader", binding["roleRef"]!["name"]!.GetValue<string>());
        Assert.NotNull(kube.Get("/api/v1/namespaces/teamclustersync/serviceaccounts/reader-jlebon"));
    }

    [Fact]
    public async Task Reprovisioning_deletes_the_claim_so_the_next_request_claims_a_fresh_cluster()
    {
        Claimed();

        await provider.ReprovisionAsync(Cluster, default);
        await provider.ReprovisionAsync(Cluster, default);

        Assert.Null(kube.Get($"{Claims}/team-rhcos"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => IssueAsync(AccessMode.ReadWrite));
        Assert.StartsWith("cluster team-rhcos is being claimed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hub_kubeconfig_file_names_the_hub()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tcs-hub-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, kube.AdminKubeconfig("hub"));
        try
        {
            var configured = HubConnection.Provider(file);

            var e = await Assert.ThrowsAsync<InvalidOperationException>(
                () => configured.IssueAsync(Cluster, "miabbott", AccessMode.ReadWrite, DateTimeOffset.UtcNow.AddHours(1), default));

            Assert.StartsWith("cluster team-rhcos is being claimed", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Revoking_read_only_access_deletes_the_service_account()
    {
        Claimed();
        await IssueAsync(AccessMode.ReadOnly);

        await provider.RevokeAsync(Cluster, "jlebon", AccessMode.ReadOnly, default);
        await provider.RevokeAsync(Cluster, "jlebon", AccessMode.ReadOnly, default);

        Assert.Null(kube.Get("/api/v1/namespaces/teamclustersync/serviceaccounts/reader-jlebon"));
    }

    [Fact]
    public async Task The_release_check_finds_the_cvo_scaled_down_and_overrides_set_and_restore_puts_both_back()
    {
        Claimed();
        OpenShift(replicas: 0, overrides: [new JsonObject { ["kind"] = "Deployment", ["name"] = "machine-config-operator", ["unmanaged"] = true }]);

        var dirty = await provider.CheckAsync(Cluster, default);
        await provider.RestoreAsync(Cluster, default);
        var clean = await provider.CheckAsync(Cluster, default);

        Assert.Equal(["ClusterVersion has 1 entry in spec.overrides", "the cluster-version-operator is scaled to 0 replicas"], dirty);
        Assert.Empty(clean);
        Assert.Equal(1, kube.Get(Cvo)!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Null(kube.Get(ClusterVersion)!["spec"]!["overrides"]);
        Assert.Contains($"PATCH {Cvo}", kube.Requests);
    }

    [Fact]
    public async Task A_clean_cluster_passes_the_release_check()
    {
        Claimed();
        OpenShift(replicas: 1, overrides: null);

        Assert.Empty(await provider.CheckAsync(Cluster, default));
    }

    private const string Cvo = "/apis/apps/v1/namespaces/openshift-cluster-version/deployments/cluster-version-operator";

    private const string ClusterVersion = "/apis/config.openshift.io/v1/clusterversions/version";

    /// <summary>The claimed cluster's ClusterVersion and CVO Deployment, as a holder may have left them.</summary>
    private void OpenShift(int replicas, JsonArray? overrides)
    {
        var spec = new JsonObject { ["clusterID"] = "5f3c" };
        if (overrides is not null)
        {
            spec["overrides"] = overrides;
        }

        kube.Put(ClusterVersion, new JsonObject { ["apiVersion"] = "config.openshift.io/v1", ["kind"] = "ClusterVersion", ["metadata"] = new JsonObject { ["name"] = "version" }, ["spec"] = spec });
        kube.Put(Cvo, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "cluster-version-operator", ["namespace"] = "openshift-cluster-version" },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        });
    }

    private Task<App.Ports.IssuedCredentials> IssueAsync(AccessMode mode, TimeSpan? expiresIn = null) =>
        provider.IssueAsync(Cluster, mode == AccessMode.ReadWrite ? "miabbott" : "jlebon", mode, DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)), default);

    /// <summary>What Hive does once a pool cluster is assigned: the claim names it, its deployment names the admin secret.</summary>
    private void Claimed()
    {
        kube.Put($"{Claims}/team-rhcos", Object("ClusterClaim", "team-rhcos", new JsonObject { ["clusterPoolName"] = "ocp-416", ["namespace"] = "ocp-416-x7k2p" }));
        kube.Put(
            "/apis/hive.openshift.io/v1/namespaces/ocp-416-x7k2p/clusterdeployments/ocp-416-x7k2p",
            Object("ClusterDeployment", "ocp-416-x7k2p", new JsonObject
            {
                ["clusterMetadata"] = new JsonObject { ["adminKubeconfigSecretRef"] = new JsonObject { ["name"] = "ocp-416-x7k2p-admin-kubeconfig" } },
            }));
        var secret = Object("Secret", "ocp-416-x7k2p-admin-kubeconfig", spec: null);
        secret["apiVersion"] = "v1";
        secret["data"] = new JsonObject { ["kubeconfig"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kube.AdminKubeconfig("team-rhcos"))) };
        kube.Put("/api/v1/namespaces/ocp-416-x7k2p/secrets/ocp-416-x7k2p-admin-kubeconfig", secret);
    }

    private static JsonObject Object(string kind, string name, JsonObject? spec)
    {
        var body = new JsonObject { ["apiVersion"] = "hive.openshift.io/v1", ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name } };
        if (spec is not null)
        {
            body["spec"] = spec;
        }

        return body;
    }
}
