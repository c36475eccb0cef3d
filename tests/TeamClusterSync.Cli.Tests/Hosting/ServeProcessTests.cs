using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using TeamClusterSync.Cli.Tests.Deploy;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.GitHub;
using TeamClusterSync.Testing.Kubernetes;
using TeamClusterSync.Testing.Processes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// The real executable, configured as in a pod (tokens in the environment, KUBECONFIG for the Lease, JSON logs),
/// taken through a grant and a done and then sent SIGTERM: structured lines, no secret in them, a clean exit
/// that gives the Lease up.
/// </summary>
public sealed partial class ServeProcessTests : IAsyncLifetime
{
    private const string GitHubToken = "ghp_fake-process-test-token-do-not-log";
    private const string GitToken = "tcs-git-token-do-not-log-1234";
    private const string KubeToken = "kube-token-do-not-log-5678";
    private readonly TempDirectory temp = new("tcs-process");
    private readonly HttpClient http = new();
    private SlackStandIn slack = null!;
    private LeaseStandIn leases = null!;
    private GitHubStandIn github = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slack);
        leases = await LeaseStandIn.StartAsync();
        github = await GitHubStandIn.StartAsync();
        github.SetTeam("openshift", "openshift-team-red-hat-coreos", "cgwalters", "miabbott", "jlebon");
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        await leases.DisposeAsync();
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Json_logs_carry_the_fields_never_a_secret_and_sigterm_gives_the_lease_up()
    {
        var baseUrl = new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}/");
        await using var serve = ServeProcess.Start(
            ["serve", "--repo", Origin, "--urls", baseUrl.ToString(), "--leader-elect", "--leader-elect-name", "tcs-test"],
            Environment());
        await serve.WaitReadyAsync(http, baseUrl);
        var sender = new SlackHttpSender(http, baseUrl, ServeReplica.SigningSecret);

        await SayAsync(sender, "miabbott", "request");
        await SayAsync(sender, "miabbott", "done");
        await Eventually.WaitAsync(() => leases.Holder("tcs", "tcs-test") is not null, "serve leads");
        var exit = await serve.TerminateAsync();

        Assert.True(exit == 0, $"exit {exit}: {serve.Stderr}");
        Assert.Equal("", leases.HolderHistory[^1]);
        var lines = serve.Stdout.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var granted = Assert.Single(lines, l => l.GetProperty("Message").GetString()!.StartsWith("lease: @miabbott took team-rhcos (read-write) (", StringComparison.Ordinal));
        Assert.Equal(
            ("miabbott", "request", "team-rhcos", GitCli.Run(Origin, "log", "--format=%h", "--abbrev=7", "--grep=took", "main").Trim()),
            (Scoped(granted, "Actor"), Scoped(granted, "Command"), Scoped(granted, "Cluster"), granted.GetProperty("State").GetProperty("Commit").GetString()));
        Assert.Contains(lines, l => l.GetProperty("Message").GetString()!.StartsWith("leader election: gave up lease tcs/tcs-test", StringComparison.Ordinal));
        var output = string.Join('\n', serve.Stdout) + serve.Stderr;
        Assert.All(Secrets(), secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
    }

    /// <summary>Everything a log line must never show: the tokens we set, and the credentials the bot handed out.</summary>
    private IEnumerable<string> Secrets() =>
        [SlackStandIn.BotToken, ServeReplica.SigningSecret, GitHubToken, GitToken, KubeToken,
            .. slack.Uploads.SelectMany(u => Token().Matches(Encoding.UTF8.GetString(u.Content)).Select(m => m.Groups[1].Value))];

    private Dictionary<string, string> Environment()
    {
        var kubeconfig = temp.Combine("kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: standin
              cluster:
                server: {leases.Url}
            users:
            - name: bot
              user:
                token: {KubeToken}
            contexts:
            - name: standin
              context:
                cluster: standin
                user: bot
            current-context: standin
            """);
        return new()
        {
            ["HOME"] = temp.Path,
            ["TEAMCLUSTERSYNC_CACHE"] = temp.Combine("cache"),
            ["TEAMCLUSTERSYNC_LOG_FORMAT"] = "json",
            ["SLACK_BOT_TOKEN"] = SlackStandIn.BotToken,
            ["SLACK_SIGNING_SECRET"] = ServeReplica.SigningSecret,
            ["SLACK_API_URL"] = slack.ApiBaseUrl.ToString(),
            ["GITHUB_TOKEN"] = GitHubToken,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["TEAMCLUSTERSYNC_GIT_TOKEN"] = GitToken,
            ["KUBECONFIG"] = kubeconfig,
            ["POD_NAMESPACE"] = "tcs",
            ["POD_NAME"] = "teamclustersync-0",
        };
    }

    [Fact]
    public Task Serve_killed_between_the_push_and_the_reply_has_its_successor_send_what_the_commit_promised() =>
        KilledBetweenPushAndReplyAsync(Environment(), Environment(), temp.Combine("cache", "slack", "outbox"), temp.Combine("cache"));

    /// <summary>
    /// As a pod of deploy/ runs: each path the container writes is where the rendered StatefulSet mounts a volume. An
    /// emptyDir is the pod's own (the replacement gets a new, empty one); the claimed volume is the replica's, and its
    /// replacement gets it back.
    /// </summary>
    [Fact]
    public async Task Serve_killed_between_the_push_and_the_reply_in_the_deploys_storage_layout_has_its_replacement_deliver_the_promise()
    {
        var set = Assert.Single(Kustomize.Objects(".").OfType<V1StatefulSet>());
        var claimed = temp.Combine("volumes", "data-teamclustersync-0");
        var first = PodEnvironment(set, claimed, temp.Combine("pods", "first"));
        var second = PodEnvironment(set, claimed, temp.Combine("pods", "second"));
        Assert.NotEqual(first["TEAMCLUSTERSYNC_CACHE"], second["TEAMCLUSTERSYNC_CACHE"]);
        Assert.Equal(first["TEAMCLUSTERSYNC_DATA"], second["TEAMCLUSTERSYNC_DATA"]);

        await KilledBetweenPushAndReplyAsync(first, second, Path.Combine(first["TEAMCLUSTERSYNC_DATA"], "outbox"), claimed);
        Assert.False(Directory.Exists(Path.Combine(first["TEAMCLUSTERSYNC_CACHE"], "slack")), "nothing promised was kept in the pod's own cache");
    }

    /// <summary>
    /// <see cref="Environment"/> with each path the container writes where the StatefulSet's volumes put it: a claimed
    /// volume is the replica's (<paramref name="claimed"/>, the same for its replacement); an emptyDir is this pod's own.
    /// </summary>
    private Dictionary<string, string> PodEnvironment(V1StatefulSet set, string claimed, string pod)
    {
        var container = Kustomize.Container(set);
        var claims = set.Spec.VolumeClaimTemplates.Select(c => c.Metadata.Name).ToHashSet();
        string Place(string path)
        {
            var mount = Assert.Single(container.VolumeMounts, m => path == m.MountPath || path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            var own = claims.Contains(mount.Name) ? null : set.Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name);
            Assert.True(own is null || own.EmptyDir is not null, $"{mount.Name} is neither claimed nor an emptyDir");
            return Path.Combine(own is null ? claimed : Path.Combine(pod, mount.Name), Path.GetRelativePath(mount.MountPath, path));
        }

        var environment = Environment();
        foreach (var name in new[] { "TEAMCLUSTERSYNC_CACHE", "TEAMCLUSTERSYNC_DATA", "HOME" })
        {
            environment[name] = Directory.CreateDirectory(Place(Kustomize.Env(container, name))).FullName;
        }

        return environment;
    }

    private async Task KilledBetweenPushAndReplyAsync(
        Dictionary<string, string> first, Dictionary<string, string> second, string outbox, string kept)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}/");
        var miabbott = StandInTranscript.People["miabbott"];
        var dm = slack.DirectMessageChannel(miabbott);
        slack.HangNext("files.getUploadURLExternal");
        await using (var killed = ServeProcess.Start(["serve", "--repo", Origin, "--urls", baseUrl.ToString()], first))
        {
            await killed.WaitReadyAsync(http, baseUrl);
            using var response = await new SlackHttpSender(http, baseUrl, ServeReplica.SigningSecret)
                .PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(miabbott, dm, "request")));
            await Eventually.WaitAsync(() => slack.CallsTo("files.getUploadURLExternal").Count > 0, "the kubeconfig upload started");
            Assert.Contains("lease: @miabbott took team-rhcos (read-write)", GitCli.Run(Origin, "log", "-3", "--format=%s", "main"), StringComparison.Ordinal);
            Assert.DoesNotContain(slack.Messages, m => m.Channel == dm);
        } // killed: the lease is on origin, and miabbott has heard nothing

        await using var replacement = ServeProcess.Start(["serve", "--repo", Origin, "--urls", baseUrl.ToString()], second);
        await replacement.WaitReadyAsync(http, baseUrl);
        await Eventually.WaitAsync(() => slack.Messages.Any(m => m.Channel == dm), "the successor told miabbott");

        // What the commit promised, from the outbox; and, since the event was journaled but never finished, the
        // request is handled again: it only hands the kubeconfig out again. The two run side by side, in either order.
        await Eventually.WaitAsync(() => slack.Uploads.Any(u => u.ChannelId == dm), "the replayed request sent the kubeconfig");
        bool Told(string start) => slack.Messages.Any(m => m.Channel == dm && m.Text.StartsWith(start, StringComparison.Ordinal));
        await Eventually.WaitAsync(
            () => Told("cluster https://console.team-redhat-coreos.devcluster.openshift.com/ is currently available\n(the kubeconfig could not be issued just now")
                && Told("use `teamcluster done` when you're done"),
            "miabbott was told both replies the commit promised");
        Assert.Single(GitCli.Run(Origin, "log", "--format=%s", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await Eventually.WaitAsync(() => Directory.GetFiles(outbox).Length == 0, "the outbox is empty");
        Assert.DoesNotContain("apiVersion", string.Concat(Directory.GetFiles(kept, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    private async Task SayAsync(SlackHttpSender sender, string login, string text)
    {
        var channel = slack.DirectMessageChannel(StandInTranscript.People[login]);
        int Answers() => slack.Messages.Count(m => m.Channel == channel) + slack.Uploads.Count(u => u.ChannelId == channel);
        var before = Answers();
        using var response = await sender.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(StandInTranscript.People[login], channel, text)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.WaitAsync(() => Answers() > before, $"'{text}' was answered");
    }

    private static string? Scoped(JsonElement line, string field) =>
        line.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(field, out _))
            .Select(s => s.GetProperty(field).GetString()).LastOrDefault();

    [GeneratedRegex(@"token: (\S+)")]
    private static partial Regex Token();
}
