using k8s;
using k8s.Models;

namespace TeamClusterSync.Cli.Tests.Deploy;

/// <summary>The base in <c>deploy/</c>, rendered as <c>kubectl kustomize</c> renders it, holds what running in production needs.</summary>
public sealed class BaseManifestTests
{
    private readonly List<object> objects = Kustomize.Objects(".");

    [Fact]
    public void The_base_has_the_bot_its_leader_election_rights_a_service_a_disruption_budget_and_a_network_policy()
    {
        Assert.Equal(
            ["NetworkPolicy/teamclustersync", "PodDisruptionBudget/teamclustersync", "Role/teamclustersync-leader-election",
                "RoleBinding/teamclustersync-leader-election", "Service/teamclustersync", "ServiceAccount/teamclustersync", "StatefulSet/teamclustersync"],
            objects.Cast<IKubernetesObject<V1ObjectMeta>>().Select(o => $"{o.Kind}/{o.Metadata.Name}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_replicas_run_serve_with_leader_election_and_json_logs()
    {
        var set = Single<V1StatefulSet>();
        var container = Kustomize.Container(set);

        Assert.Equal(2, set.Spec.Replicas);
        Assert.Equal(["serve", "--repo", "$(CONFIG_REPO)", "--urls", "http://0.0.0.0:8080", "--leader-elect", "--log-format", "json"], container.Args);
        Assert.Equal("teamclustersync", set.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal("metadata.namespace", container.Env.Single(e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", container.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("teamclustersync-tokens", Assert.Single(container.EnvFrom).SecretRef.Name);
    }

    [Fact]
    public void Probes_ask_healthz_and_readyz_and_resources_are_bounded()
    {
        var container = Kustomize.Container(Single<V1StatefulSet>());

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
    public void Service_disruption_budget_and_network_policy_select_the_pods()
    {
        var labels = Single<V1StatefulSet>().Spec.Template.Metadata.Labels;

        Assert.Equal(labels, Single<V1Service>().Spec.Selector);
        Assert.Equal(labels, Single<V1PodDisruptionBudget>().Spec.Selector.MatchLabels);
        Assert.Equal("1", Single<V1PodDisruptionBudget>().Spec.MinAvailable.Value);
        Assert.Equal(labels, Single<V1NetworkPolicy>().Spec.PodSelector.MatchLabels);
        Assert.Equal("teamclustersync", Single<V1StatefulSet>().Spec.ServiceName);
    }

    private T Single<T>() => Assert.Single(objects.OfType<T>());
}
