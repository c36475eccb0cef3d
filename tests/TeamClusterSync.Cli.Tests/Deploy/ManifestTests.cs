using System.Text.RegularExpressions;
using k8s.Models;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Deploy;

/// <summary>
/// deploy/ as <c>kubectl kustomize</c> renders it: runs under OpenShift's restricted-v2 (no fixed user or group, every
/// written path a volume, group-0-writable in the image), keeps what a replica promised on a volume its replacement
/// gets, fences the pod with a NetworkPolicy, and every overlay names one image, the one the release publishes.
/// </summary>
public sealed partial class ManifestTests
{
    /// <summary>The image name as the release workflow publishes it.</summary>
    private static readonly string Image = ImageOf(File.ReadAllText(Path.Combine(RepoRoot.Path, ".github", "workflows", "release.yaml")), "IMAGE: ");

    private readonly V1StatefulSet set = Assert.Single(Kustomize.Objects(".").OfType<V1StatefulSet>());

    private V1Container Container => Kustomize.Container(set);

    [Fact]
    public void Every_overlay_renders_and_names_the_one_image_the_release_publishes()
    {
        Assert.Equal("ghcr.io/teamclustersync/teamclustersync", Image);
        Assert.Equal(["example", "hive", "kubernetes", "openshift", "servicemonitor"], Kustomize.Overlays());
        foreach (var target in Kustomize.Overlays().Select(o => Path.Combine("overlays", o)).Prepend("."))
        {
            var rendered = Kustomize.Render(target);
            Assert.Equal([$"{Image}:latest"], ImageRef().Matches(rendered).Select(m => m.Value).Distinct());
            var workload = Assert.Single(Kustomize.Parse(rendered).OfType<V1StatefulSet>());
            Assert.Equal($"{Image}:latest", Kustomize.Container(workload).Image);
        }
    }

    [Fact]
    public void The_config_repos_validate_workflow_and_the_readme_name_the_same_image()
    {
        var validate = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, ".github", "workflows", "validate.yaml"));
        Assert.Equal($"{Image}:latest", ImageOf(validate, "image: "));
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        Assert.Equal([Image], ImageRef().Matches(readme).Select(m => m.Value.Split(':')[0]).Distinct());
    }

    [Fact]
    public void The_base_fixes_no_user_or_group_and_every_path_it_writes_is_a_volume()
    {
        var pod = set.Spec.Template.Spec;
        Assert.Equal((true, null, null, null, null), (pod.SecurityContext.RunAsNonRoot, pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup, pod.SecurityContext.FsGroup, pod.SecurityContext.SupplementalGroups));
        Assert.Equal((null, null, true, false), (Container.SecurityContext.RunAsUser, Container.SecurityContext.RunAsGroup, Container.SecurityContext.ReadOnlyRootFilesystem, Container.SecurityContext.AllowPrivilegeEscalation));
        Assert.Equal(["ALL"], Container.SecurityContext.Capabilities.Drop);

        // The root filesystem is read-only: what the bot writes (cache, data, HOME, temp files) is on a mounted volume.
        string[] written = [Kustomize.Env(Container, "TEAMCLUSTERSYNC_CACHE"), Kustomize.Env(Container, "TEAMCLUSTERSYNC_DATA"), Kustomize.Env(Container, "HOME"), "/tmp"];
        Assert.All(written, path => Assert.Single(Container.VolumeMounts, m => path == m.MountPath || path.StartsWith(m.MountPath + "/", StringComparison.Ordinal)));

        // The cache (origin rebuilds it) is the pod's own; the data (what a replica promised) is on a volume claimed per replica.
        var cache = Container.VolumeMounts.Single(m => m.MountPath == Kustomize.Env(Container, "TEAMCLUSTERSYNC_CACHE"));
        Assert.NotNull(pod.Volumes.Single(v => v.Name == cache.Name).EmptyDir);
        var data = Container.VolumeMounts.Single(m => m.MountPath == Kustomize.Env(Container, "TEAMCLUSTERSYNC_DATA"));
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
        Assert.Equal(data.Name, claim.Metadata.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.DoesNotContain(pod.Volumes, v => v.Name == data.Name);
    }

    [Fact]
    public void The_image_makes_the_paths_it_writes_group_0_writable_for_an_arbitrary_uid()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Path, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var chgrp = Words(dockerfile, "chgrp -R 0 ");
        var chmod = Words(dockerfile, "chmod -R g=u ");
        foreach (var variable in new[] { "TEAMCLUSTERSYNC_CACHE", "TEAMCLUSTERSYNC_DATA" })
        {
            var path = Kustomize.Env(Container, variable);
            Assert.Contains(path, chgrp);
            Assert.Contains(path, chmod);
            Assert.Contains($"{variable}={path} ", dockerfile, StringComparison.Ordinal);
        }

        Assert.Contains("useradd --system --uid 10001 --gid 0 ", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"\nUSER 10001\n", dockerfile);
    }

    [Fact]
    public void A_network_policy_lets_in_only_the_http_port_and_out_only_dns_and_https()
    {
        var policy = Assert.Single(Kustomize.Objects(".").OfType<V1NetworkPolicy>());

        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Equal(["8080/TCP"], policy.Spec.Ingress.SelectMany(r => r.Ports).Select(p => $"{p.Port.Value}/{p.Protocol}"));
        Assert.Equal(
            ["53/UDP", "53/TCP", "5353/UDP", "5353/TCP", "443/TCP", "6443/TCP"],
            policy.Spec.Egress.SelectMany(r => r.Ports).Select(p => $"{p.Port.Value}/{p.Protocol}"));
        Assert.Equal(8080, Assert.Single(Container.Ports).ContainerPort);
    }

    [Fact]
    public void The_overlays_add_a_route_an_ingress_the_hive_hub_kubeconfig_and_a_service_monitor()
    {
        var route = Assert.Single(Kustomize.Objects("overlays/openshift").OfType<CustomObject>());
        Assert.Equal(("Route", "/slack", "teamclustersync", "edge"), (route.Kind, route.At("path"), route.At("to.name"), route.At("tls.termination")));

        var kubernetes = Kustomize.Objects("overlays/kubernetes");
        var path = Assert.Single(Assert.Single(kubernetes.OfType<V1Ingress>()).Spec.Rules.Single().Http.Paths);
        Assert.Equal(("/slack", "Prefix", "teamclustersync"), (path.Path, path.PathType, path.Backend.Service.Name));
        Assert.Equal(10001, Assert.Single(kubernetes.OfType<V1StatefulSet>()).Spec.Template.Spec.SecurityContext.FsGroup);

        var hive = Assert.Single(Kustomize.Objects("overlays/hive").OfType<V1StatefulSet>());
        var container = Kustomize.Container(hive);
        var kubeconfig = Kustomize.Env(container, "HIVE_KUBECONFIG");
        var mount = Assert.Single(container.VolumeMounts, m => kubeconfig.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        Assert.Equal(("/etc/teamclustersync/hive/kubeconfig", true), (kubeconfig, mount.ReadOnlyProperty));
        Assert.Equal("teamclustersync-hive-hub", hive.Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name).Secret.SecretName);

        var monitor = Assert.Single(Kustomize.Objects("overlays/servicemonitor").OfType<CustomObject>());
        Assert.Equal("ServiceMonitor", monitor.Kind);
        Assert.Contains("path: /metrics", Kustomize.Render("overlays/servicemonitor"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_overlay_sets_the_config_repo_and_keeps_every_other_setting_of_the_base()
    {
        var example = Kustomize.Container(Assert.Single(Kustomize.Objects("overlays/example").OfType<V1StatefulSet>()));

        Assert.Equal("https://github.com/ORG/cluster-config.git", Kustomize.Env(example, "CONFIG_REPO"));
        Assert.Equal("teamclustersync", Kustomize.Objects("overlays/example").OfType<V1StatefulSet>().Single().Metadata.NamespaceProperty);
        Assert.Superset(Container.Env.Select(e => e.Name).ToHashSet(), example.Env.Select(e => e.Name).ToHashSet());
    }

    /// <summary>The words after <paramref name="start"/> on its line.</summary>
    private static string[] Words(string text, string start) => text.Split(start)[1].Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value after <paramref name="key"/> on the one line that has it.</summary>
    private static string ImageOf(string text, string key) =>
        Assert.Single(text.Split('\n'), l => l.TrimStart().StartsWith(key, StringComparison.Ordinal)).Trim()[key.Length..];

    [GeneratedRegex(@"ghcr\.io/[a-z0-9./-]+(:[a-z0-9.]+)?")]
    private static partial Regex ImageRef();
}
