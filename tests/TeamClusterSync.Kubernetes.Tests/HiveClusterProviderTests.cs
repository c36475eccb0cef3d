using System.Text.Json.Nodes;
using k8s;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Kubernetes;

namespace TeamClusterSync.Kubernetes.Tests;

/// <summary>The hive provider through the real KubernetesClient against the loopback Hive hub stand-in, which plays Hive's claims on a manual clock and serves the claimed clusters' APIs.</summary>
public sealed class HiveClusterProviderTests : IAsyncLifetime
{
    private static readonly Cluster Cluster = new(
        "team-rhcos", "redhat-coreos", "4.16", "",
        new ProviderSpec(ProviderType.Hive, Hive: new HiveProvider("hive-pools", "ocp-416")),
        new ReprovisionPolicy(new Schedule("0 0 6 ? * SUN", "Europe/Berlin"), WhenLeased.Defer, TimeSpan.FromDays(2)), LeasePolicy.Default);

    private readonly ManualClock clock = new();
    private HiveHubStandIn hive = null!;
    private HiveClusterProvider provider = null!;

    public async Task InitializeAsync()
    {
        hive = await HiveHubStandIn.StartAsync(clock);
        var hub = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = hive.Url, AccessToken = "hub-token" });
        provider = new HiveClusterProvider(hub, HubConnection.Spoke, clock);
    }

    public async Task DisposeAsync() => await hive.DisposeAsync();

    [Fact]
    public async Task The_first_look_claims_from_the_pool_with_a_lifetime_of_one_cadence_plus_force_after_plus_a_day()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 2, resume: TimeSpan.FromMinutes(3));

        var status = await provider.StatusAsync(Cluster, default);

        Assert.Equal(new ClusterStatus(PhaseKind.Pending, "Unassigned", "waiting for Hive to assign a cluster from pool ocp-416"), status);
        var claim = hive.Claim("hive-pools", "team-rhcos-g1")!;
        Assert.Equal("ocp-416", claim["spec"]!["clusterPoolName"]!.GetValue<string>());
        Assert.Equal("240h", claim["spec"]!["lifetime"]!.GetValue<string>());
        Assert.Equal("240h", claim["status"]!["lifetime"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_claimed_cluster_resumes_then_runs_and_only_then_hands_out_credentials_with_its_own_urls()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 2, resume: TimeSpan.FromMinutes(3));
        await provider.StatusAsync(Cluster, default);

        var resuming = await provider.StatusAsync(Cluster, default);
        var early = await Assert.ThrowsAsync<ClusterNotReadyException>(() => IssueAsync(AccessMode.ReadWrite));
        clock.Advance(TimeSpan.FromMinutes(3));
        var running = await provider.StatusAsync(Cluster, default);
        var issued = await IssueAsync(AccessMode.ReadWrite);

        Assert.Equal(new ClusterStatus(PhaseKind.Resuming, "WaitingForNodes", "Waiting for Nodes to be ready"), resuming);
        Assert.Equal("cluster team-rhcos is not running yet (resuming: WaitingForNodes)", early.Message);
        Assert.Equal(
            new ClusterStatus(PhaseKind.Running, "Running", "Cluster is running", "https://console-openshift-console.apps.ocp-416-00001.hive.example.com", $"{hive.Url}/clusters/ocp-416-00001"),
            running);
        Assert.Contains($"    server: {hive.Url}/clusters/ocp-416-00001\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.NotNull(hive.Kube.Get("/clusters/ocp-416-00001/api/v1/namespaces/teamclustersync/serviceaccounts/admin-miabbott"));
    }

    [Fact]
    public async Task A_pool_with_no_clusters_leaves_the_claim_pending_in_Hives_words()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 0, resume: null);
        await provider.StatusAsync(Cluster, default);

        var status = await provider.StatusAsync(Cluster, default);

        Assert.Equal(new ClusterStatus(PhaseKind.Pending, "NoClusters", "No clusters in pool are ready to be claimed"), status);
        Assert.Empty(hive.Deployments());
    }

    [Fact]
    public async Task A_cluster_that_fails_to_start_is_failed_in_Hives_words()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 1, resume: TimeSpan.FromMinutes(3), failToStart: true);
        await provider.StatusAsync(Cluster, default);

        var status = await provider.StatusAsync(Cluster, default);

        Assert.Equal(new ClusterStatus(PhaseKind.Failed, "FailedToStartMachines", "Failed to start machines: InsufficientInstanceCapacity"), status);
    }

    [Fact]
    public async Task Reprovisioning_claims_the_next_generation_beside_the_cluster_in_use_and_switches_once_it_runs()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 2, resume: TimeSpan.FromMinutes(3));
        await provider.StatusAsync(Cluster, default);
        clock.Advance(TimeSpan.FromMinutes(3));

        await provider.ReprovisionAsync(Cluster, default);
        await provider.ReprovisionAsync(Cluster, default);
        var meanwhile = await provider.StatusAsync(Cluster, default);
        var early = (await provider.RebuildRunsAsync(Cluster, default), await provider.SwitchAsync(Cluster, default));
        clock.Advance(TimeSpan.FromMinutes(3));
        var runs = await provider.RebuildRunsAsync(Cluster, default);
        var switched = await provider.SwitchAsync(Cluster, default);
        var after = await provider.StatusAsync(Cluster, default);

        Assert.Equal("https://console-openshift-console.apps.ocp-416-00001.hive.example.com", meanwhile!.ConsoleUrl);
        Assert.Equal(((false, false), true, true), (early, runs, switched));
        Assert.Equal("https://console-openshift-console.apps.ocp-416-00002.hive.example.com", after!.ConsoleUrl);
        Assert.Null(hive.Claim("hive-pools", "team-rhcos-g1"));
        Assert.Equal("ocp-416-00002", hive.Claim("hive-pools", "team-rhcos-g2")!["spec"]!["namespace"]!.GetValue<string>());
        Assert.Equal(["ocp-416-00002"], hive.Deployments());
        Assert.False(await provider.SwitchAsync(Cluster, default));
        Assert.False(await provider.RebuildRunsAsync(Cluster, default));
    }

    [Fact]
    public async Task A_claim_named_after_the_cluster_alone_is_the_one_in_use_and_other_clusters_claims_are_not()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 3, resume: null);
        hive.Kube.Put(HiveHubStandIn.ClaimPath("hive-pools", "team-rhcos-gx"), Object("ClusterClaim", "team-rhcos-gx", new JsonObject { ["clusterPoolName"] = "ocp-416" }));
        hive.Kube.Put(HiveHubStandIn.ClaimPath("hive-pools", "team-rhcos"), Object("ClusterClaim", "team-rhcos", new JsonObject { ["clusterPoolName"] = "ocp-416" }));

        var status = await provider.StatusAsync(Cluster, default);
        await provider.ReprovisionAsync(Cluster, default);

        Assert.Equal("https://console-openshift-console.apps.ocp-416-00001.hive.example.com", status!.ConsoleUrl);
        Assert.NotNull(hive.Claim("hive-pools", "team-rhcos-g1"));
    }

    [Fact]
    public async Task Hibernating_sets_the_power_state_and_a_request_wakes_the_cluster_without_handing_out_credentials_yet()
    {
        await RunningAsync();

        await provider.HibernateAsync(Cluster, default);
        var asleep = await provider.StatusAsync(Cluster, default);
        await provider.RevokeAsync(Cluster, "jlebon", AccessMode.ReadOnly, default);
        var stillAsleep = hive.Deployment("ocp-416-00001")!["spec"]!["powerState"]!.GetValue<string>();
        var woken = await Assert.ThrowsAsync<ClusterNotReadyException>(() => IssueAsync(AccessMode.ReadWrite));
        var awake = await provider.StatusAsync(Cluster, default);

        Assert.Equal(new ClusterStatus(PhaseKind.Hibernating, "Hibernating", "Cluster is stopped"), asleep);
        Assert.Equal("Hibernating", stillAsleep);
        Assert.Equal(PhaseKind.Hibernating, woken.Status.Phase);
        Assert.Equal("Running", hive.Deployment("ocp-416-00001")!["spec"]!["powerState"]!.GetValue<string>());
        Assert.Equal(PhaseKind.Running, awake!.Phase);
        Assert.Contains("PATCH /apis/hive.openshift.io/v1/namespaces/ocp-416-00001/clusterdeployments/ocp-416-00001", hive.Kube.Requests);
    }

    [Fact]
    public async Task Hive_deletes_a_claim_whose_lifetime_ran_out_and_its_cluster_with_it()
    {
        await RunningAsync();

        clock.Advance(TimeSpan.FromHours(240));

        Assert.Null(hive.Claim("hive-pools", "team-rhcos-g1"));
        Assert.Empty(hive.Deployments());
    }

    [Fact]
    public async Task Read_write_is_the_holders_own_cluster_admin_service_account_and_ends_with_the_lease()
    {
        await RunningAsync();

        var issued = await IssueAsync(AccessMode.ReadWrite, expiresIn: TimeSpan.FromHours(4));
        var binding = hive.Kube.Get(Spoke + "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/teamclustersync-admin-miabbott")!;
        await provider.RevokeAsync(Cluster, "miabbott", AccessMode.ReadWrite, default);

        Assert.Equal(("kubeconfig-team-rhcos.yaml", "system:serviceaccount:teamclustersync:admin-miabbott"), (issued.FileName, issued.Identity));
        Assert.Contains("    token: sa-token-1\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains("current-context: team-rhcos-admin\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-token", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.InRange(hive.Kube.TokenExpirations.First(), (4 * 3600) - 60, 4 * 3600);
        Assert.Equal("cluster-admin", binding["roleRef"]!["name"]!.GetValue<string>());
        Assert.Null(hive.Kube.Get(Spoke + "/api/v1/namespaces/teamclustersync/serviceaccounts/admin-miabbott"));
        Assert.Null(hive.Kube.Get(Spoke + "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/teamclustersync-admin-miabbott"));
    }

    [Fact]
    public async Task The_shared_admin_kubeconfig_goes_out_only_behind_the_cluster_setting()
    {
        await RunningAsync();
        var shared = Cluster with { Provider = new ProviderSpec(ProviderType.Hive, Hive: new HiveProvider("hive-pools", "ocp-416", SharedAdminKubeconfig: true)) };

        var issued = await provider.IssueAsync(shared, "miabbott", AccessMode.ReadWrite, DateTimeOffset.UtcNow.AddHours(1), default);

        Assert.Equal(("kubeconfig-team-rhcos.yaml", "kube:admin"), (issued.FileName, issued.Identity));
        Assert.Equal(hive.Kube.AdminKubeconfig("ocp-416-00001").Replace($"server: {hive.Url}\n", $"server: {hive.Url}{Spoke}\n", StringComparison.Ordinal), issued.Kubeconfig);
    }

    [Fact]
    public async Task Read_only_is_a_reader_service_account_with_a_token_that_ends_with_the_lease()
    {
        await RunningAsync();

        var issued = await IssueAsync(AccessMode.ReadOnly, expiresIn: TimeSpan.FromHours(8));
        var again = await IssueAsync(AccessMode.ReadOnly, expiresIn: TimeSpan.FromHours(8));

        Assert.Equal("system:serviceaccount:teamclustersync:reader-jlebon", issued.Identity);
        Assert.Contains("    token: sa-token-1\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains("    token: sa-token-2\n", again.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains($"    server: {hive.Url}{Spoke}\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-token", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.InRange(hive.Kube.TokenExpirations.First(), (8 * 3600) - 60, 8 * 3600);
        var binding = hive.Kube.Get(Spoke + "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/teamclustersync-reader-jlebon")!;
        Assert.Equal("cluster-reader", binding["roleRef"]!["name"]!.GetValue<string>());
        Assert.NotNull(hive.Kube.Get(Spoke + "/api/v1/namespaces/teamclustersync/serviceaccounts/reader-jlebon"));
    }

    [Fact]
    public async Task The_hub_kubeconfig_file_names_the_hub()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tcs-hub-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, hive.HubKubeconfig());
        hive.AddPool("hive-pools", "ocp-416", size: 0, resume: null);
        try
        {
            var configured = HubConnection.Provider(file);

            var e = await Assert.ThrowsAsync<ClusterNotReadyException>(
                () => configured.IssueAsync(Cluster, "miabbott", AccessMode.ReadWrite, DateTimeOffset.UtcNow.AddHours(1), default));

            Assert.Equal(PhaseKind.Pending, e.Status.Phase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Revoking_read_only_access_deletes_the_service_account()
    {
        await RunningAsync();
        await IssueAsync(AccessMode.ReadOnly);

        await provider.RevokeAsync(Cluster, "jlebon", AccessMode.ReadOnly, default);
        await provider.RevokeAsync(Cluster, "jlebon", AccessMode.ReadOnly, default);

        Assert.Null(hive.Kube.Get(Spoke + "/api/v1/namespaces/teamclustersync/serviceaccounts/reader-jlebon"));
    }

    [Fact]
    public async Task The_release_check_finds_the_cvo_scaled_down_and_overrides_set_and_restore_puts_both_back()
    {
        await RunningAsync();
        OpenShift(replicas: 0, overrides: [new JsonObject { ["kind"] = "Deployment", ["name"] = "machine-config-operator", ["unmanaged"] = true }]);

        var dirty = await provider.CheckAsync(Cluster, default);
        await provider.RestoreAsync(Cluster, default);
        var clean = await provider.CheckAsync(Cluster, default);

        Assert.Equal(["ClusterVersion has 1 entry in spec.overrides", "the cluster-version-operator is scaled to 0 replicas"], dirty);
        Assert.Empty(clean);
        Assert.Equal(1, hive.Kube.Get(Cvo)!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Null(hive.Kube.Get(ClusterVersion)!["spec"]!["overrides"]);
        Assert.Contains($"PATCH {Cvo}", hive.Kube.Requests);
    }

    [Fact]
    public async Task A_clean_cluster_passes_the_release_check()
    {
        await RunningAsync();
        OpenShift(replicas: 1, overrides: null);

        Assert.Empty(await provider.CheckAsync(Cluster, default));
    }

    /// <summary>Where the stand-in serves the first claimed cluster's API.</summary>
    private const string Spoke = "/clusters/ocp-416-00001";

    private const string Cvo = Spoke + "/apis/apps/v1/namespaces/openshift-cluster-version/deployments/cluster-version-operator";

    private const string ClusterVersion = Spoke + "/apis/config.openshift.io/v1/clusterversions/version";

    /// <summary>The claimed cluster's ClusterVersion and CVO Deployment, as a holder may have left them.</summary>
    private void OpenShift(int replicas, JsonArray? overrides)
    {
        var spec = new JsonObject { ["clusterID"] = "5f3c" };
        if (overrides is not null)
        {
            spec["overrides"] = overrides;
        }

        hive.Kube.Put(ClusterVersion, new JsonObject { ["apiVersion"] = "config.openshift.io/v1", ["kind"] = "ClusterVersion", ["metadata"] = new JsonObject { ["name"] = "version" }, ["spec"] = spec });
        hive.Kube.Put(Cvo, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "cluster-version-operator", ["namespace"] = "openshift-cluster-version" },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        });
    }

    private Task<App.Ports.IssuedCredentials> IssueAsync(AccessMode mode, TimeSpan? expiresIn = null) =>
        provider.IssueAsync(Cluster, mode == AccessMode.ReadWrite ? "miabbott" : "jlebon", mode, DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)), default);

    /// <summary>A pool whose clusters run already, and the claim's cluster running.</summary>
    private async Task RunningAsync()
    {
        hive.AddPool("hive-pools", "ocp-416", size: 2, resume: null);
        await provider.StatusAsync(Cluster, default);
        Assert.Equal(PhaseKind.Running, (await provider.StatusAsync(Cluster, default))!.Phase);
    }

    private static JsonObject Object(string kind, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "hive.openshift.io/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "hive-pools" },
        ["spec"] = spec,
    };
}
