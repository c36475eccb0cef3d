using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamClusterSync.Testing.Kubernetes;

/// <summary>
/// A loopback Hive hub on the <see cref="KubeStandIn"/>: before and after each request it plays Hive's controllers on its clock.
/// A claim on a pool with clusters gets a new ClusterDeployment (its own console URL and API, served under
/// <c>/clusters/&lt;deployment&gt;</c>), Pending <c>ClusterClaimed</c>, then ClusterRunning <c>Resuming</c> until the pool's
/// resume time has passed, then <c>Running</c>; a pool with no clusters leaves the claim Pending <c>NoClusters</c>.
/// Deleting a claim deletes its cluster; a claim whose <c>spec.lifetime</c> ran out is deleted. A deployment set to
/// <c>spec.powerState: Hibernating</c> sleeps, and resumes (taking the resume time again) when set back to Running.
/// The shapes and reasons are Hive's (<c>apis/hive/v1</c>, <c>pkg/controller/clusterclaim</c> and <c>clusterpool</c>).
/// </summary>
public sealed class HiveHubStandIn : IAsyncDisposable
{
    public const string Group = "/apis/hive.openshift.io/v1/namespaces/";

    private readonly Lock gate = new();
    private readonly Dictionary<string, Pool> pools = [];
    private readonly Dictionary<string, DateTimeOffset?> resumingSince = [];
    private readonly Dictionary<string, DateTimeOffset> assignedAt = [];
    private readonly TimeProvider clock;
    private int deployments;

    private HiveHubStandIn(KubeStandIn kube, TimeProvider clock)
    {
        Kube = kube;
        this.clock = clock;
        kube.BeforeEachRequest = (method, path) =>
        {
            lock (gate)
            {
                Reconcile();
                return Serve(path);
            }
        };
        kube.AfterEachRequest = () =>
        {
            lock (gate)
            {
                Reconcile();
            }
        };
    }

    /// <summary>The object storage underneath, for reading what the bot wrote.</summary>
    public KubeStandIn Kube { get; }

    public string Url => Kube.Url;

    public static async Task<HiveHubStandIn> StartAsync(TimeProvider clock) => new(await KubeStandIn.StartAsync(), clock);

    public static string ClaimPath(string ns, string name) => $"{Group}{ns}/clusterclaims/{name}";

    public static string DeploymentPath(string deployment) => $"{Group}{deployment}/clusterdeployments/{deployment}";

    /// <summary>
    /// A ClusterPool of <paramref name="size"/> clusters (0: none to claim). Its clusters sleep until claimed
    /// (<paramref name="resume"/>: how long waking one takes; null: they run already); <paramref name="failToStart"/>
    /// makes waking fail as Hive reports it (power state <c>FailedToStartMachines</c>).
    /// </summary>
    public void AddPool(string ns, string name, int size, TimeSpan? resume, bool failToStart = false)
    {
        lock (gate)
        {
            pools[$"{ns}/{name}"] = new Pool(name, size, resume, failToStart);
            Kube.Put($"{Group}{ns}/clusterpools/{name}", new JsonObject
            {
                ["apiVersion"] = "hive.openshift.io/v1",
                ["kind"] = "ClusterPool",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject { ["size"] = size },
            });
        }
    }

    /// <summary>The hub's own kubeconfig, as the operator mounts it.</summary>
    public string HubKubeconfig() => Kube.AdminKubeconfig("hub");

    /// <summary>The names of the ClusterDeployments that exist, in order.</summary>
    public IReadOnlyList<string> Deployments()
    {
        lock (gate)
        {
            Reconcile();
            return [.. Kube.PathsUnder(Group).Where(p => p.Contains("/clusterdeployments/", StringComparison.Ordinal)).Select(p => p[(p.LastIndexOf('/') + 1)..])];
        }
    }

    public JsonObject? Claim(string ns, string name)
    {
        lock (gate)
        {
            Reconcile();
            return Kube.Get(ClaimPath(ns, name));
        }
    }

    public JsonObject? Deployment(string deployment)
    {
        lock (gate)
        {
            Reconcile();
            return Kube.Get(DeploymentPath(deployment));
        }
    }

    public async ValueTask DisposeAsync() => await Kube.DisposeAsync();

    /// <summary>Hive's controllers, one pass: claims get clusters, clusters resume or sleep, released clusters go.</summary>
    private void Reconcile()
    {
        var now = clock.GetUtcNow();
        foreach (var path in Kube.PathsUnder(Group).Where(p => p.Contains("/clusterclaims/", StringComparison.Ordinal)))
        {
            ReconcileClaim(path, Kube.Get(path)!, now);
        }

        var claimed = Kube.PathsUnder(Group).Where(p => p.Contains("/clusterclaims/", StringComparison.Ordinal))
            .Select(p => Kube.Get(p)?["spec"]?["namespace"]?.GetValue<string>()).ToHashSet();
        foreach (var deployment in resumingSince.Keys.Where(d => !claimed.Contains(d)).ToList())
        {
            Delete(deployment);
        }
    }

    private void ReconcileClaim(string path, JsonObject claim, DateTimeOffset now)
    {
        var spec = claim["spec"]!.AsObject();
        var ns = claim["metadata"]!["namespace"]?.GetValue<string>() ?? path.Split('/')[5];
        if (spec["namespace"]?.GetValue<string>() is not { Length: > 0 } deployment)
        {
            if (!pools.TryGetValue($"{ns}/{spec["clusterPoolName"]!.GetValue<string>()}", out var pool) || pool.Size == 0)
            {
                SetCondition(claim, "Pending", "True", "NoClusters", "No clusters in pool are ready to be claimed", now);
                return;
            }

            deployment = Assign(pool, claim, now);
        }

        if (assignedAt.TryGetValue(deployment, out var since) && claim["spec"]?["lifetime"]?.GetValue<string>() is { } lifetime && since + GoDuration(lifetime) <= now)
        {
            Kube.Remove(path);
            return;
        }

        SetCondition(claim, "Pending", "False", "ClusterClaimed", "Cluster claimed", now);
        if (Kube.Get(DeploymentPath(deployment)) is not { } cd)
        {
            SetCondition(claim, "ClusterRunning", "False", "ClusterDeleted", "Assigned cluster has been deleted", now);
            return;
        }

        var running = Power(deployment, cd, now) == "Running";
        SetCondition(claim, "ClusterRunning", running ? "True" : "False", running ? "Running" : "Resuming", running ? "Cluster is running" : "Waiting for cluster to be running", now);
    }

    private string Assign(Pool pool, JsonObject claim, DateTimeOffset now)
    {
        var deployment = $"{pool.Name}-{++deployments:D5}";
        claim["spec"]!["namespace"] = deployment;
        if (claim["spec"]!["lifetime"] is { } lifetime)
        {
            claim["status"] ??= new JsonObject();
            claim["status"]!["lifetime"] = lifetime.DeepClone();
        }

        assignedAt[deployment] = now;
        resumingSince[deployment] = null;

        // A pool's sleeping cluster is woken by Hive once claimed: spec.powerState Running, status still Hibernating.
        Kube.Put(DeploymentPath(deployment), new JsonObject
        {
            ["apiVersion"] = "hive.openshift.io/v1",
            ["kind"] = "ClusterDeployment",
            ["metadata"] = new JsonObject { ["name"] = deployment, ["namespace"] = deployment },
            ["spec"] = new JsonObject
            {
                ["clusterName"] = deployment,
                ["installed"] = true,
                ["powerState"] = "Running",
                ["clusterPoolRef"] = new JsonObject { ["namespace"] = claim["metadata"]!["namespace"]?.DeepClone(), ["poolName"] = pool.Name, ["claimName"] = claim["metadata"]!["name"]!.DeepClone() },
                ["clusterMetadata"] = new JsonObject { ["adminKubeconfigSecretRef"] = new JsonObject { ["name"] = $"{deployment}-admin-kubeconfig" } },
            },
            ["status"] = new JsonObject
            {
                ["apiURL"] = ApiUrl(deployment),
                ["webConsoleURL"] = $"https://console-openshift-console.apps.{deployment}.hive.example.com",
                ["powerState"] = pool.Resume is null ? "Running" : "Hibernating",
            },
        });
        Kube.Put($"/api/v1/namespaces/{deployment}/secrets/{deployment}-admin-kubeconfig", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = $"{deployment}-admin-kubeconfig", ["namespace"] = deployment },
            ["data"] = new JsonObject { ["kubeconfig"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(AdminKubeconfig(deployment))) },
        });
        return deployment;
    }

    /// <summary>Moves the deployment's power state toward its <c>spec.powerState</c>; returns where it is now.</summary>
    private string Power(string deployment, JsonObject cd, DateTimeOffset now)
    {
        var status = cd["status"]!.AsObject();
        var pool = pools.Values.First(p => deployment.StartsWith(p.Name + "-", StringComparison.Ordinal));
        if (cd["spec"]?["powerState"]?.GetValue<string>() == "Hibernating")
        {
            resumingSince[deployment] = null;
            status["powerState"] = "Hibernating";
            SetCondition(cd, "Hibernating", "True", "Hibernating", "Cluster is stopped", now);
            return "Hibernating";
        }

        if (status["powerState"]?.GetValue<string>() is "Running" or "FailedToStartMachines")
        {
            return status["powerState"]!.GetValue<string>();
        }

        var started = resumingSince[deployment] ??= now;
        var (power, reason, message) =
            pool.FailToStart ? ("FailedToStartMachines", "FailedToStartMachines", "Failed to start machines: InsufficientInstanceCapacity")
            : now - started >= (pool.Resume ?? TimeSpan.Zero) ? ("Running", "Running", "All machines are started and nodes are ready")
            : ("WaitingForNodes", "WaitingForNodes", "Waiting for Nodes to be ready");
        status["powerState"] = power;
        SetCondition(cd, "Hibernating", "False", "ResumingOrRunning", "Cluster is resuming or running, see Ready condition for details", now);
        SetCondition(cd, "Ready", power == "Running" ? "True" : "False", reason, message, now);
        return power;
    }

    /// <summary>A cluster's API answers only while it runs; a deleted one is gone.</summary>
    private (int, JsonObject)? Serve(string path)
    {
        if (!path.StartsWith("/clusters/", StringComparison.Ordinal))
        {
            return null;
        }

        var deployment = path.Split('/')[2];
        var power = Kube.Get(DeploymentPath(deployment))?["status"]?["powerState"]?.GetValue<string>();
        return power == "Running" ? null : (503, KubeStandIn.Status(503, "ServiceUnavailable", $"cluster {deployment} is {power ?? "gone"}"));
    }

    private void Delete(string deployment)
    {
        foreach (var path in Kube.PathsUnder($"/clusters/{deployment}/").Concat(Kube.PathsUnder($"/api/v1/namespaces/{deployment}/")).Append(DeploymentPath(deployment)))
        {
            Kube.Remove(path);
        }

        resumingSince.Remove(deployment);
        assignedAt.Remove(deployment);
    }

    private string ApiUrl(string deployment) => $"{Url}/clusters/{deployment}";

    private string AdminKubeconfig(string deployment) => Kube.AdminKubeconfig(deployment).Replace($"server: {Url}\n", $"server: {ApiUrl(deployment)}\n", StringComparison.Ordinal);

    private static void SetCondition(JsonObject target, string type, string status, string reason, string message, DateTimeOffset now)
    {
        target["status"] ??= new JsonObject();
        var conditions = (target["status"]!["conditions"] ??= new JsonArray()).AsArray();
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        if (existing is not null && existing["status"]!.GetValue<string>() == status && existing["reason"]!.GetValue<string>() == reason)
        {
            return;
        }

        conditions.Remove(existing);
        conditions.Add(new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["reason"] = reason,
            ["message"] = message,
            ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>A Go duration as Hive's <c>spec.lifetime</c> takes it: hours, minutes and seconds (<c>192h</c>, <c>1h30m</c>).</summary>
    private static TimeSpan GoDuration(string text)
    {
        var total = TimeSpan.Zero;
        var number = "";
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number += c;
                continue;
            }

            var value = int.Parse(number, CultureInfo.InvariantCulture);
            total += c switch { 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
            number = "";
        }

        return total;
    }

    private sealed record Pool(string Name, int Size, TimeSpan? Resume, bool FailToStart);
}
