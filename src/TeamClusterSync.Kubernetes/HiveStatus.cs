using System.Text.Json.Nodes;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// Reads where a claimed cluster is from Hive's own objects, in Hive's words: the claim's <c>Pending</c> condition
/// until a cluster is assigned (<c>NoClusters</c> when the pool has none), its <c>ClusterRunning</c> condition once
/// one is (True: running), and the ClusterDeployment's power state and <c>Ready</c> condition for why it does not run.
/// </summary>
internal static class HiveStatus
{
    /// <summary>Power states in which Hive gave up starting or stopping the machines.</summary>
    private static readonly string[] FailedPowerStates = ["FailedToStartMachines", "FailedToStop"];

    public static ClusterStatus Of(JsonNode claim, JsonNode? deployment, string pool)
    {
        if (claim["spec"]?["namespace"]?.GetValue<string>() is not { Length: > 0 })
        {
            var pending = Condition(claim, "Pending");
            return new ClusterStatus(
                PhaseKind.Pending, Text(pending, "reason") ?? "Unassigned", Text(pending, "message") ?? $"waiting for Hive to assign a cluster from pool {pool}");
        }

        if (deployment is null)
        {
            return new ClusterStatus(PhaseKind.Failed, "ClusterDeleted", "Assigned cluster has been deleted");
        }

        if (Text(Condition(claim, "ClusterRunning"), "status") == "True")
        {
            return new ClusterStatus(
                PhaseKind.Running, "Running", "Cluster is running", Text(deployment["status"], "webConsoleURL"), Text(deployment["status"], "apiURL"));
        }

        return NotRunning(deployment);
    }

    private static ClusterStatus NotRunning(JsonNode deployment)
    {
        var power = Text(deployment["status"], "powerState") ?? "Unknown";
        var ready = Condition(deployment, "Ready");
        if (Condition(deployment, "ProvisionFailed") is { } failed && Text(failed, "status") == "True")
        {
            return new ClusterStatus(PhaseKind.Failed, Text(failed, "reason") ?? "ProvisionFailed", Text(failed, "message") ?? "");
        }

        if (FailedPowerStates.Contains(power))
        {
            return new ClusterStatus(PhaseKind.Failed, power, Text(ready, "message") ?? Text(Condition(deployment, "Hibernating"), "message") ?? "");
        }

        // spec.powerState says where Hive is taking the cluster: to sleep, or (empty or Running) awake.
        return Text(deployment["spec"], "powerState") == "Hibernating"
            ? new ClusterStatus(PhaseKind.Hibernating, power, Text(Condition(deployment, "Hibernating"), "message") ?? "Cluster is stopped")
            : new ClusterStatus(PhaseKind.Resuming, power, Text(ready, "message") ?? "Waiting for cluster to be running");
    }

    private static JsonNode? Condition(JsonNode target, string type) =>
        target["status"]?["conditions"]?.AsArray().FirstOrDefault(c => Text(c, "type") == type);

    private static string? Text(JsonNode? node, string key) => node?[key]?.GetValue<string>() is { Length: > 0 } text ? text : null;
}
