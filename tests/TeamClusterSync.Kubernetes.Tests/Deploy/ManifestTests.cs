using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace TeamClusterSync.Kubernetes.Tests.Deploy;

/// <summary>The manifests in <c>deploy/</c>, rendered as <c>kubectl kustomize</c> renders them, hold what running in production needs.</summary>
public sealed partial class ManifestTests
{
    private readonly List<object> objects = KubernetesYaml.LoadAllFromString(Kustomize.Render("deploy"));

    [Fact]
    public void The_base_has_the_bot_its_leader_election_rights_a_service_and_a_disruption_budget()
    {
        Assert.Equal(
            ["Deployment/teamclustersync", "PodDisruptionBudget/teamclustersync", "Role/teamclustersync-leader-election",
                "RoleBinding/teamclustersync-leader-election", "Service/teamclustersync", "ServiceAccount/teamclustersync"],
            objects.Cast<IKubernetesObject<V1ObjectMeta>>().Select(o => $"{o.Kind}/{o.Metadata.Name}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_replicas_run_serve_with_leader_election_and_json_logs()
    {
        var deployment = Single<V1Deployment>();
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);

        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal(["serve", "--repo", "$(CONFIG_REPO)", "--urls", "http://0.0.0.0:8080", "--leader-elect", "--log-format", "json"], container.Args);
        Assert.Equal("teamclustersync", deployment.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal("metadata.namespace", container.Env.Single(e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("teamclustersync-tokens", Assert.Single(container.EnvFrom).SecretRef.Name);
    }

    [Fact]
    public void The_pod_runs_as_non_root_on_a_read_only_root_with_an_empty_dir_cache()
    {
        var pod = Single<V1Deployment>().Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var cache = container.Env.Single(e => e.Name == "TEAMCLUSTERSYNC_CACHE").Value;

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal((true, false), (container.SecurityContext.ReadOnlyRootFilesystem, container.SecurityContext.AllowPrivilegeEscalation));
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        var mount = container.VolumeMounts.Single(m => m.MountPath == cache);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == mount.Name).EmptyDir);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
    }

    [Fact]
    public void Probes_ask_healthz_and_readyz_and_resources_are_bounded()
    {
        var container = Assert.Single(Single<V1Deployment>().Spec.Template.Spec.Containers);

        Assert.Equal(("/healthz", "http"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal(("/readyz", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal(["cpu", "memory"], container.Resources.Requests.Keys.Order());
        Assert.Equal(["cpu", "memory"], container.Resources.Limits.Keys.Order());
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
    }

    [Fact]
    public void The_role_allows_leases_and_nothing_else()
    {
        var role = Single<V1Role>();

        Assert.All(role.Rules, r => Assert.Equal(["coordination.k8s.io/leases"], r.ApiGroups.SelectMany(g => r.Resources.Select(k => $"{g}/{k}"))));
        Assert.Equal(["create", "get", "update"], role.Rules.SelectMany(r => r.Verbs).Order());
        Assert.Equal("teamclustersync", Single<V1RoleBinding>().Subjects.Single().Name);
    }

    [Fact]
    public void Service_and_disruption_budget_select_the_pods()
    {
        var labels = Single<V1Deployment>().Spec.Template.Metadata.Labels;

        Assert.Equal(labels, Single<V1Service>().Spec.Selector);
        Assert.Equal(labels, Single<V1PodDisruptionBudget>().Spec.Selector.MatchLabels);
        Assert.Equal("1", Single<V1PodDisruptionBudget>().Spec.MinAvailable.Value);
    }

    [Fact]
    public void The_monitoring_overlay_adds_a_service_monitor_for_metrics()
    {
        var rendered = Kustomize.Render("deploy/overlays/servicemonitor");

        Assert.Equal(
            ["Deployment", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount", "ServiceMonitor"],
            Kind().Matches(rendered).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.Contains("path: /metrics", rendered, StringComparison.Ordinal);
    }

    private T Single<T>() => Assert.Single(objects.OfType<T>());

    [GeneratedRegex("^kind: (\\w+)$", RegexOptions.Multiline)]
    private static partial Regex Kind();
}
