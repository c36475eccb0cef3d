using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config.Files;

/// <summary>A cluster as read, with the nodes the checks across files point at.</summary>
internal sealed record ClusterEntry(Cluster Cluster, YamlNode? NameNode, YamlNode? TeamNode);

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
        var cluster = new Cluster(
            name ?? "",
            team ?? "",
            version,
            ValueChecks.Url(map, "consoleUrl", provider.Type != ProviderType.Hive) ?? "",
            provider,
            Reprovision(map.Map("reprovision", ["cron", "timeZone", "whenLeased", "forceAfter", "whenDirty"]), settings),
            Lease(map.Map("lease", ["maxDuration", "allowReadOnly", "maxHolders", "offerWindow", "pingTimeout"]), settings));
        return new ClusterEntry(cluster, name is null ? null : map.Value("name", false), team is null ? null : teamNode);
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

    private static LeasePolicy Lease(YamlMap? map, Settings settings) => new(
        map?.Duration("maxDuration") ?? settings.LeaseDefaults.MaxDuration,
        map?.Bool("allowReadOnly") ?? LeasePolicy.Default.AllowReadOnly,
        map?.Int("maxHolders", 1, 100) ?? LeasePolicy.Default.MaxHolders)
    {
        OfferWindow = map?.Duration("offerWindow") ?? settings.LeaseDefaults.OfferWindow,
        PingTimeout = map?.Duration("pingTimeout") ?? settings.LeaseDefaults.PingTimeout,
    };
}
