using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config.Files;

/// <summary>A cluster as read, with the nodes the checks across files point at (each team <c>lease.readOnlyFor</c> names).</summary>
internal sealed record ClusterEntry(Cluster Cluster, YamlNode? NameNode, YamlNode? TeamNode, IReadOnlyList<(string Team, YamlNode Node)>? ReadOnlyTeams = null);

/// <summary><c>clusters/&lt;name&gt;.yaml</c>; missing lease and reprovision values come from the settings' defaults.</summary>
internal static class ClusterFile
{
    /// <summary>The provider-specific blocks; a cluster may have only the one its type names.</summary>
    private static readonly string[] ProviderBlocks = ["hive", "command", "simulated"];

    private static readonly string[] ProviderTypes = ["simulated", "command", "hive"];

    public static ClusterEntry? Read(FileContext file, YamlNode root, Settings settings)
    {
        if (YamlMap.OpenRoot(file, root, ["name", "team", "version", "consoleUrl", "provider", "reprovision", "lease"]) is not { } map)
        {
            return null;
        }

        var name = ValueChecks.Name(map);
        var team = map.String("team", true, out var teamNode);
        var version = map.String("version", true) ?? "";

        // Each Hive claim is a new cluster with its own console URL, recorded in state/clusters once it runs.
        var provider = Provider(map.Map("provider", ["type", "hive", "command", "simulated"], required: true));
        var leaseMap = map.Map("lease", ["maxDuration", "allowReadOnly", "maxHolders", "offerWindow", "pingTimeout", "readOnlyFor"]);
        var (readOnlyFor, readOnlyTeams) = ReadOnlyFor(leaseMap);
        var cluster = new Cluster(
            name ?? "",
            team ?? "",
            version,
            ValueChecks.Url(map, "consoleUrl", provider.Type != ProviderType.Hive) ?? "",
            provider,
            Reprovision(map.Map("reprovision", ["cron", "timeZone", "whenLeased", "forceAfter", "whenDirty"]), settings),
            Lease(leaseMap, settings) with { ReadOnlyFor = readOnlyFor });
        return new ClusterEntry(cluster, name is null ? null : map.Value("name", false), team is null ? null : teamNode, readOnlyTeams);
    }

    /// <summary>The block named by <c>type</c> is required; the other blocks must be absent, so nothing is silently ignored.</summary>
    private static ProviderSpec Provider(YamlMap? map)
    {
        var type = map?.OneOf("type", ProviderTypes, required: true);
        if (map is null || type is null)
        {
            return ProviderSpec.Simulated;
        }

        foreach (var other in ProviderBlocks.Where(b => b != type))
        {
            if (map.KeyNode(other) is { } key)
            {
                map.File.Error(key, $"'provider.{other}' does not belong to provider type '{type}'; remove it or set type: {other}");
            }
        }

        return type switch
        {
            "hive" when map.Map("hive", ["namespace", "clusterPool", "sharedAdminKubeconfig", "hibernateAfter"], required: true) is { } hive => new ProviderSpec(
                ProviderType.Hive,
                Hive: new HiveProvider(
                    hive.String("namespace", true) ?? "", hive.String("clusterPool", true) ?? "", hive.Bool("sharedAdminKubeconfig") ?? false, hive.Duration("hibernateAfter"))),
            "command" when map.Map("command", ["create", "destroy", "kubeconfig", "check", "restore", "revoke", "env"], required: true) is { } command => new ProviderSpec(
                ProviderType.Command,
                Command: new CommandProvider(
                    command.String("create", true) ?? "",
                    command.String("destroy", true) ?? "",
                    command.String("kubeconfig", true) ?? "",
                    command.String("check", false),
                    command.String("restore", false),
                    command.String("revoke", false))
                {
                    Environment = ValueChecks.EnvironmentNames(command, "env"),
                }),
            "simulated" when map.Map("simulated", ["leftDirty"]) is { } simulated => ProviderSpec.Simulated with { LeftDirty = simulated.Bool("leftDirty") ?? false },
            _ => ProviderSpec.Simulated,
        };
    }

    private static ReprovisionPolicy Reprovision(YamlMap? map, Settings settings)
    {
        var schedule = ValueChecks.Schedule(map, settings.DefaultReprovision);
        var whenLeased = map?.OneOf("whenLeased", ["defer", "force"]) == "force" ? WhenLeased.Force : WhenLeased.Defer;
        var whenDirty = map?.OneOf("whenDirty", ["reprovision", "keep"]) != "keep";
        return new ReprovisionPolicy(schedule, whenLeased, map?.Duration("forceAfter"), whenDirty);
    }

    /// <summary>
    /// <c>lease.readOnlyFor</c>: <c>everyone</c>, or a list of team names (checked against teams/ across files). It opens
    /// read-only access, so it contradicts <c>allowReadOnly: false</c>.
    /// </summary>
    private static (ReadOnlyFor? For, List<(string Team, YamlNode Node)>? Teams) ReadOnlyFor(YamlMap? map)
    {
        if (map?.Value("readOnlyFor", false) is not { } node)
        {
            return (null, null);
        }

        var key = map.Name("readOnlyFor");
        // Looked at, not read: a bad allowReadOnly is reported once, where the lease is read.
        if (map.Value("allowReadOnly", false) is { Kind: YamlNodeKind.Scalar, Value: "false" or "False" or "FALSE" })
        {
            map.File.Error(node, $"'{key}' opens read-only access beyond the team, but '{map.Name("allowReadOnly")}' is false; remove one of them");
            return (null, null);
        }

        if (node is { Kind: YamlNodeKind.Scalar, Value: "everyone" })
        {
            return (Core.Model.ReadOnlyFor.All, null);
        }

        if (node.Kind != YamlNodeKind.Sequence)
        {
            map.File.Error(node, $"'{key}' must be everyone or a list of team names, e.g. [machine-config], found {node.Describe()}");
            return (null, null);
        }

        var teams = map.TextList("readOnlyFor") ?? [];
        return (new ReadOnlyFor(false, [.. teams.Select(t => t.Text)]), teams);
    }

    private static LeasePolicy Lease(YamlMap? map, Settings settings) => new(
        map?.Duration("maxDuration") ?? settings.LeaseDefaults.MaxDuration,
        map?.Bool("allowReadOnly") ?? LeasePolicy.Default.AllowReadOnly,
        map?.Int("maxHolders", 1, 100) ?? LeasePolicy.Default.MaxHolders)
    {
        OfferWindow = map?.Duration("offerWindow") ?? settings.LeaseDefaults.OfferWindow,
        PingTimeout = map?.Duration("pingTimeout") ?? settings.LeaseDefaults.PingTimeout,
    };
}
