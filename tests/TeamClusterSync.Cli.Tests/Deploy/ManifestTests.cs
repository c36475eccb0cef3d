using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Deploy;

/// <summary>
/// deploy/ as <c>kubectl kustomize</c> renders it: runs under OpenShift's restricted-v2 (no fixed user or group, every
/// written path a volume), keeps what a replica promised on a volume its replacement gets, fences the pod with a
/// NetworkPolicy, and names one image, the one the release workflow publishes.
/// </summary>
public sealed partial class ManifestTests
{
    /// <summary>The image name as the release workflow publishes it.</summary>
    private static readonly string Image = ReleaseImage();

    [Fact]
    public void Every_overlay_renders_and_names_the_one_image_the_release_publishes()
    {
        Assert.Equal("ghcr.io/teamclustersync/teamclustersync", Image);
        foreach (var target in Kustomize.Targets())
        {
            var objects = Kustomize.Render(target);
            var images = objects.SelectMany(o => o.ToJsonString().Split('"')).Where(s => s.Contains("teamclustersync:", StringComparison.Ordinal) || s.StartsWith("ghcr.io", StringComparison.Ordinal));
            Assert.Equal([$"{Image}:latest"], images.Distinct());
            Assert.Equal($"{Image}:latest", (string?)Kustomize.Container(Kustomize.Single(objects, "StatefulSet"))["image"]);
        }

        Assert.Equal(["example", "hive", "kubernetes", "openshift", "servicemonitor"],
            Kustomize.Targets().Skip(1).Select(Path.GetFileName));
    }

    [Fact]
    public void The_config_repos_validate_workflow_and_the_readme_name_the_same_image()
    {
        var validate = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, ".github", "workflows", "validate.yaml"));
        Assert.Equal([$"{Image}:latest"], ImageRef().Matches(validate).Select(m => m.Value));
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        Assert.Equal([Image], ImageRef().Matches(readme).Select(m => m.Value.Split(':')[0]).Distinct());
    }

    [Fact]
    public void The_base_fixes_no_user_or_group_and_every_path_it_writes_is_a_volume()
    {
        var objects = Kustomize.Render(Kustomize.Deploy);
        var set = Kustomize.Single(objects, "StatefulSet");
        var pod = set["spec"]!["template"]!["spec"]!.AsObject();
        var container = Kustomize.Container(set);

        string[] fixedIds = ["runAsUser", "runAsGroup", "fsGroup", "supplementalGroups"];
        Assert.All(fixedIds, key => Assert.Null(pod["securityContext"]![key]));
        Assert.All(fixedIds, key => Assert.Null(container["securityContext"]![key]));
        Assert.Equal("true", (string?)pod["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("true", (string?)container["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal("false", (string?)container["securityContext"]!["allowPrivilegeEscalation"]);

        // The root filesystem is read-only: what the bot writes (cache, data, HOME, temp files) is a mounted volume.
        var mounts = container["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["mountPath"]!, m => (string)m!["name"]!);
        string[] written = [Kustomize.Env(container, "TEAMCLUSTERSYNC_CACHE")!, Kustomize.Env(container, "TEAMCLUSTERSYNC_DATA")!, Kustomize.Env(container, "HOME")!, "/tmp"];
        Assert.All(written, path => Assert.Contains(mounts.Keys, mount => path == mount || path.StartsWith(mount + "/", StringComparison.Ordinal)));

        // The cache (origin rebuilds it) is the node's; the data (what a replica promised) is on a volume claimed per replica.
        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
        Assert.NotNull(volumes[mounts[Kustomize.Env(container, "TEAMCLUSTERSYNC_CACHE")!]]["emptyDir"]);
        var claim = Assert.Single(set["spec"]!["volumeClaimTemplates"]!.AsArray())!;
        Assert.Equal(mounts[Kustomize.Env(container, "TEAMCLUSTERSYNC_DATA")!], (string?)claim["metadata"]!["name"]);
        Assert.Equal(["ReadWriteOnce"], claim["spec"]!["accessModes"]!.AsArray().Select(m => (string?)m));
    }

    [Fact]
    public void The_image_makes_its_written_paths_group_0_writable_for_an_arbitrary_uid()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Path, "Dockerfile"));
        var set = Kustomize.Single(Kustomize.Render(Kustomize.Deploy), "StatefulSet");
        var container = Kustomize.Container(set);
        foreach (var path in new[] { "TEAMCLUSTERSYNC_CACHE", "TEAMCLUSTERSYNC_DATA" }.Select(v => Kustomize.Env(container, v)!))
        {
            Assert.Contains($"{path} ", dockerfile.Split("chgrp -R 0")[1].Split('\n')[0] + " ", StringComparison.Ordinal);
            Assert.Contains($"{path} ", dockerfile.Split("chmod -R g=u")[1].Split('\n')[0] + " ", StringComparison.Ordinal);
            Assert.Contains($"={path} ", dockerfile.Replace("\\\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("useradd --system --uid 10001 --gid 0", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"\nUSER 10001\n", dockerfile);
    }

    [Fact]
    public void A_network_policy_lets_in_only_the_http_port_and_out_only_dns_and_https()
    {
        var objects = Kustomize.Render(Kustomize.Deploy);
        var policy = Kustomize.Single(objects, "NetworkPolicy");
        var set = Kustomize.Single(objects, "StatefulSet");
        Assert.Equal(set["spec"]!["template"]!["metadata"]!["labels"]!.ToJsonString(), policy["spec"]!["podSelector"]!["matchLabels"]!.ToJsonString());
        Assert.Equal(["Ingress", "Egress"], policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(["8080/TCP"], Ports(policy["spec"]!["ingress"]!));
        Assert.Equal(["53/UDP", "53/TCP", "5353/UDP", "5353/TCP", "443/TCP", "6443/TCP"], Ports(policy["spec"]!["egress"]!));
        Assert.Equal("8080", (string?)Kustomize.Container(set)["ports"]![0]!["containerPort"]);
    }

    [Fact]
    public void The_overlays_add_a_route_an_ingress_and_the_hive_hub_kubeconfig()
    {
        var openshift = Kustomize.Render(Path.Combine(Kustomize.Deploy, "overlays", "openshift"));
        var route = Kustomize.Single(openshift, "Route");
        Assert.Equal(("/slack", "teamclustersync", "edge"), ((string?)route["spec"]!["path"], (string?)route["spec"]!["to"]!["name"], (string?)route["spec"]!["tls"]!["termination"]));

        var kubernetes = Kustomize.Render(Path.Combine(Kustomize.Deploy, "overlays", "kubernetes"));
        var path = Kustomize.Single(kubernetes, "Ingress")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!;
        Assert.Equal(("/slack", "teamclustersync"), ((string?)path["path"], (string?)path["backend"]!["service"]!["name"]));
        Assert.Equal("10001", (string?)Kustomize.Single(kubernetes, "StatefulSet")["spec"]!["template"]!["spec"]!["securityContext"]!["fsGroup"]);

        var hive = Kustomize.Single(Kustomize.Render(Path.Combine(Kustomize.Deploy, "overlays", "hive")), "StatefulSet");
        var container = Kustomize.Container(hive);
        var kubeconfig = Kustomize.Env(container, "HIVE_KUBECONFIG")!;
        var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => kubeconfig.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        Assert.Equal("true", (string?)mount["readOnly"]);
        var volume = Assert.Single(hive["spec"]!["template"]!["spec"]!["volumes"]!.AsArray(), v => (string?)v!["name"] == (string?)mount["name"])!;
        Assert.Equal("teamclustersync-hive-hub", (string?)volume["secret"]!["secretName"]);
        Assert.Equal("/etc/teamclustersync/hive/kubeconfig", kubeconfig);
    }

    [Fact]
    public void The_example_overlay_sets_the_config_repo_and_keeps_every_other_setting_of_the_base()
    {
        var example = Kustomize.Container(Kustomize.Single(Kustomize.Render(Path.Combine(Kustomize.Deploy, "overlays", "example")), "StatefulSet"));
        var bases = Kustomize.Container(Kustomize.Single(Kustomize.Render(Kustomize.Deploy), "StatefulSet"));
        Assert.Equal("https://github.com/ORG/cluster-config.git", Kustomize.Env(example, "CONFIG_REPO"));
        var names = (JsonObject c) => c["env"]!.AsArray().Select(e => (string)e!["name"]!).ToHashSet();
        Assert.Superset(names(bases), names(example));
    }

    private static List<string> Ports(JsonNode rules) =>
        [.. rules.AsArray().SelectMany(r => r!["ports"]!.AsArray()).Select(p => $"{(string?)p!["port"]}/{(string?)p["protocol"]}")];

    private static string ReleaseImage()
    {
        var workflow = File.ReadAllText(Path.Combine(RepoRoot.Path, ".github", "workflows", "release.yaml"));
        return Kustomize.Objects(workflow).Single()["env"]!["IMAGE"]!.GetValue<string>();
    }

    [GeneratedRegex(@"ghcr\.io/[a-z0-9./-]+(:[a-z0-9.]+)?")]
    private static partial Regex ImageRef();
}
