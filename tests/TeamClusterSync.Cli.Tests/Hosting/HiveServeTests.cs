using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Kubernetes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// <c>serve</c> with a Hive cluster: the real provider against the loopback Hive hub stand-in (on a manual clock), the
/// Slack stand-in over signed HTTP events, the git origin on disk. Ready when Hive is: a request on a resuming cluster
/// is recorded and answered with what Hive is doing; the minute sweep sends the credentials once the claim runs.
/// </summary>
public sealed class HiveServeTests : IAsyncLifetime
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string HiveCluster = """
        name: team-rhcos
        team: redhat-coreos
        version: "4.6"
        provider:
          type: hive
          hive:
            namespace: hive-pools
            clusterPool: ocp-46
        reprovision:
          cron: "0 0 6 ? * SUN"
          timeZone: Europe/Berlin
          whenLeased: defer
          forceAfter: 2d
        """;

    private readonly TempDirectory temp = new("tcs-hive-serve");
    private readonly HttpClient http = new();
    private readonly SemaphoreSlim handled = new(0);
    private readonly ManualClock hubClock = new();
    private SlackStandIn slackStandIn = null!;
    private HiveHubStandIn hive = null!;
    private GitStateStore store = null!;
    private WebApplication app = null!;
    private SlackHttpSender slack = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        var seed = temp.Combine("seed");
        GitCli.CopyDirectory(RepoRoot.ExampleConfig, seed);
        File.WriteAllText(Path.Combine(seed, "clusters", "team-rhcos.yaml"), HiveCluster);
        GitCli.CreateOrigin(Origin, seed);
        slackStandIn = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slackStandIn);
        hive = await HiveHubStandIn.StartAsync(hubClock);
        File.WriteAllText(temp.Combine("hub.kubeconfig"), hive.HubKubeconfig());
        store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Origin, temp.Combine("cache")));
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        store.Dispose();
        await hive.DisposeAsync();
        await slackStandIn.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_request_on_a_resuming_cluster_is_held_and_the_credentials_follow_when_Hive_runs_it()
    {
        hive.AddPool("hive-pools", "ocp-46", size: 2, resume: TimeSpan.FromMinutes(3));
        await StartAsync();

        var request = await SayAsync("miabbott", "teamcluster request");
        var status = await SayAsync("miabbott", "teamcluster status");
        hubClock.Advance(TimeSpan.FromMinutes(3));
        var ready = await SweepAsync();
        var after = await SayAsync("miabbott", "teamcluster status");

        Assert.Equal(
            """
            to @miabbott:
            cluster team-rhcos is currently available
            Hive is resuming the cluster, usually 2-5 minutes; I will send the credentials here

            to @miabbott:
            use `teamcluster done` when you're done (your lease runs until <time>)


            """,
            request);
        Assert.Equal("to @miabbott:\nteam-rhcos (OpenShift 4.6): held by @miabbott until <time>; resuming since <time> (WaitingForNodes)\n\n", status);
        Assert.Equal(
            """
            to @miabbott:
            cluster https://console-openshift-console.apps.ocp-46-00001.hive.example.com is ready: Hive has it running
            attachment: kubeconfig-team-rhcos.yaml

            to @miabbott:
            use `teamcluster done` when you're done (your lease runs until <time>)


            """,
            ready);
        Assert.Equal(
            "to @miabbott:\nteam-rhcos (OpenShift 4.6, https://console-openshift-console.apps.ocp-46-00001.hive.example.com): "
            + "held by @miabbott until <time>; running since <time>\n\n",
            after);
        Assert.Contains($"    server: {hive.Url}/clusters/ocp-46-00001\n", System.Text.Encoding.UTF8.GetString(slackStandIn.Uploads.Single().Content), StringComparison.Ordinal);
        var record = GitCli.Run(Origin, "show", "main:state/clusters/team-rhcos.yaml");
        Assert.Contains("consoleUrl: https://console-openshift-console.apps.ocp-46-00001.hive.example.com\n", record, StringComparison.Ordinal);
        Assert.Contains($"apiUrl: {hive.Url}/clusters/ocp-46-00001\n", record, StringComparison.Ordinal);
        Assert.DoesNotContain("awaitingCredentials", record, StringComparison.Ordinal);
        Assert.Equal("240h", hive.Claim("hive-pools", "team-rhcos-g1")!["spec"]!["lifetime"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pool_with_no_clusters_is_told_to_the_requester_and_once_to_the_team_channel_in_Hives_words()
    {
        hive.AddPool("hive-pools", "ocp-46", size: 0, resume: null);
        await StartAsync();

        var request = await SayAsync("miabbott", "teamcluster request");
        var sweep = await SweepAsync();

        Assert.Equal(
            """
            to @miabbott:
            cluster team-rhcos is currently available
            Hive has no cluster ready in pool ocp-46 (NoClusters: No clusters in pool are ready to be claimed); I will send the credentials here once it has one

            to @miabbott:
            use `teamcluster done` when you're done (your lease runs until <time>)

            to #team-rhcos:
            Hive has no cluster for team-rhcos: pool ocp-46 says NoClusters (No clusters in pool are ready to be claimed). A hub admin can raise the pool's size; whoever requested it gets the credentials here once a cluster runs


            """,
            request);
        Assert.Equal("", sweep);
        Assert.Contains("awaitingCredentials:\n  - miabbott\n", GitCli.Run(Origin, "show", "main:state/clusters/team-rhcos.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_Hive_cannot_start_is_reported_with_Hives_reason_never_a_stack_trace()
    {
        hive.AddPool("hive-pools", "ocp-46", size: 1, resume: TimeSpan.FromMinutes(3), failToStart: true);
        await StartAsync();

        var request = await SayAsync("miabbott", "teamcluster request");

        Assert.Equal(
            """
            to @miabbott:
            cluster team-rhcos is currently available
            Hive cannot get the cluster running (FailedToStartMachines: Failed to start machines: InsufficientInstanceCapacity); I told the team channel, and I will send the credentials here if it recovers

            to @miabbott:
            use `teamcluster done` when you're done (your lease runs until <time>)

            to #team-rhcos:
            Hive cannot get team-rhcos running: FailedToStartMachines (Failed to start machines: InsufficientInstanceCapacity). A hub admin can look at its ClusterDeployment; whoever requested it gets the credentials here once it runs


            """,
            request);
    }

    [Fact]
    public async Task A_cluster_nobody_used_for_hibernate_after_is_hibernated_and_the_next_request_resumes_it()
    {
        hive.AddPool("hive-pools", "ocp-46", size: 2, resume: TimeSpan.FromMinutes(3));
        File.WriteAllText(temp.Combine("hibernating.yaml"), HiveCluster.Replace("    clusterPool: ocp-46\n", "    clusterPool: ocp-46\n    hibernateAfter: 2h\n", StringComparison.Ordinal));
        HumanEdit.Commit(Origin, temp.Combine("work"), "clusters/team-rhcos.yaml", File.ReadAllText(temp.Combine("hibernating.yaml")), "team-rhcos: hibernate after 2h");
        await StartAsync(sweepClock: hubClock);
        await SweepAsync();
        hubClock.Advance(TimeSpan.FromMinutes(3));
        await SweepAsync();

        hubClock.Advance(TimeSpan.FromHours(2));
        var hibernated = await SweepAsync();
        await SweepAsync();
        var status = await SayAsync("miabbott", "teamcluster status");
        var request = await SayAsync("miabbott", "teamcluster request");
        hubClock.Advance(TimeSpan.FromMinutes(3));
        var ready = await SweepAsync();

        Assert.Equal(
            """
            to #team-rhcos:
            nobody used team-rhcos for 2h, so Hive hibernates it to save money; the next `teamcluster request` resumes it (usually 2-5 minutes)


            """,
            hibernated);
        Assert.Equal(
            "to @miabbott:\nteam-rhcos (OpenShift 4.6, https://console-openshift-console.apps.ocp-46-00001.hive.example.com): free; hibernating since <time> (Hibernating)\n\n",
            status);
        Assert.Equal(
            """
            to @miabbott:
            cluster https://console-openshift-console.apps.ocp-46-00001.hive.example.com is currently available
            the cluster is hibernating; Hive is resuming it, usually 2-5 minutes; I will send the credentials here

            to @miabbott:
            use `teamcluster done` when you're done (your lease runs until <time>)


            """,
            request);
        Assert.StartsWith(
            "to @miabbott:\ncluster https://console-openshift-console.apps.ocp-46-00001.hive.example.com is ready: Hive has it running\nattachment: kubeconfig-team-rhcos.yaml\n",
            ready,
            StringComparison.Ordinal);
        Assert.Equal("Running", hive.Deployment("ocp-46-00001")!["status"]!["powerState"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rebuild_is_claimed_beside_the_cluster_in_use_and_takes_its_place_once_it_runs_and_the_cluster_is_free()
    {
        await RebuildStartedAsync();

        var request = await SayAsync("miabbott", "teamcluster request");
        hubClock.Advance(TimeSpan.FromMinutes(3));
        var whileHeld = await SweepAsync();
        await SayAsync("miabbott", "teamcluster done");
        var switched = await SweepAsync();

        Assert.StartsWith(
            "to @miabbott:\ncluster https://console-openshift-console.apps.ocp-46-00001.hive.example.com is currently available\nattachment: kubeconfig-team-rhcos.yaml\n",
            request,
            StringComparison.Ordinal);
        Assert.Equal("", whileHeld);
        Assert.Equal(
            """
            to #team-rhcos:
            team-rhcos was rebuilt: the new cluster runs at https://console-openshift-console.apps.ocp-46-00002.hive.example.com, and Hive deletes the old one


            """,
            switched);
        Assert.Equal(["ocp-46-00002"], hive.Deployments());
        Assert.Null(hive.Claim("hive-pools", "team-rhcos-g1"));
        Assert.Contains("consoleUrl: https://console-openshift-console.apps.ocp-46-00002.hive.example.com\n", GitCli.Run(Origin, "show", "main:state/clusters/team-rhcos.yaml"), StringComparison.Ordinal);
        Assert.Contains("cluster: team-rhcos reprovisioned (", GitCli.Run(Origin, "log", "--format=%s", "--", "state/clusters/team-rhcos.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_when_leased_force_the_holders_of_the_old_cluster_are_told_before_the_switch()
    {
        HumanEdit.Commit(Origin, temp.Combine("work"), "clusters/team-rhcos.yaml", HiveCluster.Replace("whenLeased: defer", "whenLeased: force", StringComparison.Ordinal), "team-rhcos: rebuild when due");
        await RebuildStartedAsync();
        await SayAsync("miabbott", "teamcluster request");

        hubClock.Advance(TimeSpan.FromMinutes(3));
        var switched = await SweepAsync();

        Assert.Equal(
            """
            to @miabbott:
            team-rhcos is being reprovisioned on its schedule, so your access to it ended; it will be fresh for the next `teamcluster request`

            to #team-rhcos:
            team-rhcos is free: use `teamcluster request` to take it

            to #team-rhcos:
            team-rhcos was rebuilt: the new cluster runs at https://console-openshift-console.apps.ocp-46-00002.hive.example.com, and Hive deletes the old one


            """,
            switched);
        Assert.Equal(["ocp-46-00002"], hive.Deployments());
    }

    /// <summary>Serve started with team-rhcos due for its rebuild: generation 1 runs, generation 2 is claimed beside it and resumes.</summary>
    private async Task RebuildStartedAsync()
    {
        hive.AddPool("hive-pools", "ocp-46", size: 2, resume: TimeSpan.FromMinutes(3));
        HubHasRunning("team-rhcos-g1", "ocp-46-00001");
        HumanEdit.Commit(Origin, temp.Combine("work"), "state/clusters/team-rhcos.yaml", "cluster: team-rhcos\ngeneration: 1\nprovisionedAt: 2020-01-05T00:00:00Z\n", "team-rhcos: last rebuilt long ago");
        await StartAsync();

        // Once more: the first lifecycle run may lose its record commit to the first readiness sweep (and rebuild a minute later).
        await RunJobAsync("cluster-lifecycle");
        Assert.NotNull(hive.Claim("hive-pools", "team-rhcos-g2"));
    }

    /// <summary>A claim Hive has already given a running cluster, whose ClusterVersion and CVO are as a release check wants them.</summary>
    private void HubHasRunning(string claim, string deployment)
    {
        hive.Kube.Put(HiveHubStandIn.ClaimPath("hive-pools", claim), new JsonObject
        {
            ["apiVersion"] = "hive.openshift.io/v1",
            ["kind"] = "ClusterClaim",
            ["metadata"] = new JsonObject { ["name"] = claim, ["namespace"] = "hive-pools" },
            ["spec"] = new JsonObject { ["clusterPoolName"] = "ocp-46" },
        });
        hive.Claim("hive-pools", claim);
        hubClock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal("Running", hive.Deployment(deployment)!["status"]!["powerState"]!.GetValue<string>());
        hive.Kube.Put($"/clusters/{deployment}/apis/config.openshift.io/v1/clusterversions/version", new JsonObject { ["spec"] = new JsonObject() });
        hive.Kube.Put($"/clusters/{deployment}/apis/apps/v1/namespaces/openshift-cluster-version/deployments/cluster-version-operator", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } });
    }

    /// <summary>
    /// Starts serve and waits for its first readiness sweep (it claims the cluster), so the test's requests come after.
    /// <paramref name="sweepClock"/>: the clock the readiness sweep measures idle time by (Quartz keeps the real one).
    /// </summary>
    private async Task StartAsync(TimeProvider? sweepClock = null)
    {
        var settings = new HostSettings { HiveKubeconfig = temp.Combine("hub.kubeconfig") };
        var slackSettings = new SlackSettings(slackStandIn.ApiBaseUrl, SlackStandIn.BotToken, AppToken: null, Secret)
        {
            ClientOptions = new SlackClientOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
        };
        app = await ServeHost.BuildAsync(settings, slackSettings, store, new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            Observe = _ =>
            {
                handled.Release();
                return Task.CompletedTask;
            },
            Services = sweepClock is null ? null : services => services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ClusterReadinessReconciler>(sp, sweepClock)),
        });
        await app.StartAsync();
        slack = new SlackHttpSender(http, new Uri(app.Urls.First()), Secret);
        await Eventually.WaitAsync(() => Runs.Finished("cluster-readiness") >= 1, "the first readiness sweep ran");
    }

    private JobRuns Runs => app.Services.GetRequiredService<JobRuns>();

    /// <summary>What the bot sent in answer to <paramref name="text"/> from <paramref name="login"/>.</summary>
    private async Task<string> SayAsync(string login, string text)
    {
        var from = slackStandIn.Calls.Count;
        var id = StandInTranscript.People[login];
        var response = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(id, slackStandIn.DirectMessageChannel(id), text)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await handled.WaitAsync(TimeSpan.FromSeconds(20)), "the bot did not handle the request in time");
        return StandInTranscript.Render(slackStandIn, from);
    }

    /// <summary>Runs the minute sweep now (as its trigger would) and returns what it sent.</summary>
    private Task<string> SweepAsync() => RunJobAsync("cluster-readiness");

    private async Task<string> RunJobAsync(string job)
    {
        await Eventually.WaitAsync(() => Runs.Finished(job) >= 1, $"the first {job} run ran");
        var from = slackStandIn.Calls.Count;
        var runs = Runs.Finished(job);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(new JobKey(job));
        await Eventually.WaitAsync(() => Runs.Finished(job) > runs, $"{job} ran");
        return StandInTranscript.Render(slackStandIn, from);
    }
}
