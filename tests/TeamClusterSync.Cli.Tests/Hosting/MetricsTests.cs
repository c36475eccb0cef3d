using System.Net;
using System.Text.RegularExpressions;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary><c>/metrics</c> scraped like Prometheus does: the lease gauges say what the state on origin says.</summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-metrics");
    private readonly HttpClient http = new();
    private readonly SemaphoreSlim handled = new(0);
    private SlackStandIn slack = null!;
    private ServeReplica serve = null!;
    private SlackHttpSender sender = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slack);
        serve = await ServeReplica.StartAsync("single", Origin, temp.Combine("cache"), slack, leases: null, observe: _ => handled.Release());
        sender = new SlackHttpSender(http, serve.BaseUrl, ServeReplica.SigningSecret);
    }

    public async Task DisposeAsync()
    {
        await serve.DisposeAsync();
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task The_lease_gauges_match_origin_after_a_grant_a_ping_and_a_done()
    {
        await SayAsync("miabbott", "request");
        await SayAsync("cgwalters", "ping");
        var granted = await ScrapeAsync();
        await SayAsync("miabbott", "done");
        var done = await ScrapeAsync();

        Assert.Equal(
            """
            teamclustersync_lease_holders{cluster="team-mco",mode="read-only",team="machine-config"} 0
            teamclustersync_lease_holders{cluster="team-mco",mode="read-write",team="machine-config"} 0
            teamclustersync_lease_holders{cluster="team-rhcos",mode="read-only",team="redhat-coreos"} 0
            teamclustersync_lease_holders{cluster="team-rhcos",mode="read-write",team="redhat-coreos"} 1
            teamclustersync_pending_pings{cluster="team-mco"} 0
            teamclustersync_pending_pings{cluster="team-rhcos"} 1
            """,
            Gauges(granted));
        Assert.Equal(OriginSays(), Gauges(done));
        Assert.Contains("teamclustersync_lease_holders{cluster=\"team-rhcos\",mode=\"read-write\",team=\"redhat-coreos\"} 0\n", done, StringComparison.Ordinal);
        Assert.Contains("teamclustersync_leader{} 1\n", done, StringComparison.Ordinal);
        Assert.Matches(@"teamclustersync_commands_total\{command=""request"",outcome=""ok""\} [1-9]", done);
        Assert.Matches(@"teamclustersync_command_duration_seconds_count\{command=""done""\} [1-9]", done);
        Assert.Matches(@"teamclustersync_git_push_duration_seconds_count\{\} [1-9]", done);
        Assert.Matches(@"teamclustersync_slack_api_calls_total\{method=""chat.postMessage""\} [1-9]", done);
    }

    [Fact]
    public async Task Held_time_is_scraped_as_seconds_by_cluster_team_and_mode()
    {
        var cluster = $"held-{Guid.NewGuid():N}";
        TeamClusterSyncMetrics.ClusterHeldTime.Add(
            90, TeamClusterSyncMetrics.Tag("cluster", cluster), TeamClusterSyncMetrics.Tag("team", "redhat-coreos"), TeamClusterSyncMetrics.Tag("mode", "read-write"));

        var text = await ScrapeAsync();

        Assert.Contains($"teamclustersync_cluster_held_seconds_total{{cluster=\"{cluster}\",mode=\"read-write\",team=\"redhat-coreos\"}} 90\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrapes_within_the_cache_time_share_one_rendering_so_scrapers_in_a_loop_cost_one_a_second()
    {
        await using var cached = await ServeReplica.StartAsync("cached", Origin, temp.Combine("cache-cached"), slack, leases: null, metricsCache: TimeSpan.FromMinutes(5));
        var cluster = $"held-{Guid.NewGuid():N}";
        var first = await http.GetStringAsync(new Uri(cached.BaseUrl, "/metrics"));
        TeamClusterSyncMetrics.ClusterHeldTime.Add(
            90, TeamClusterSyncMetrics.Tag("cluster", cluster), TeamClusterSyncMetrics.Tag("team", "redhat-coreos"), TeamClusterSyncMetrics.Tag("mode", "read-write"));

        var second = await http.GetStringAsync(new Uri(cached.BaseUrl, "/metrics"));

        Assert.Equal(first, second);
        Assert.DoesNotContain(cluster, second, StringComparison.Ordinal);
        Assert.Contains(cluster, await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scrape_is_prometheus_text()
    {
        using var response = await http.GetAsync(new Uri(serve.BaseUrl, "/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE teamclustersync_leader gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE teamclustersync_lease_holders gauge\n", text, StringComparison.Ordinal);
    }

    /// <summary>The gauges as they should be, computed from the lease files on origin's main.</summary>
    private string OriginSays()
    {
        var lines = new List<string>();
        foreach (var (cluster, team) in new[] { ("team-mco", "machine-config"), ("team-rhcos", "redhat-coreos") })
        {
            var lease = OriginLease(cluster);
            var readOnly = lease.Holders.Count(h => h.Mode == AccessMode.ReadOnly) + lease.Readers.Count;
            lines.Add($"teamclustersync_lease_holders{{cluster=\"{cluster}\",mode=\"read-only\",team=\"{team}\"}} {readOnly}");
            lines.Add($"teamclustersync_lease_holders{{cluster=\"{cluster}\",mode=\"read-write\",team=\"{team}\"}} {lease.Holders.Count(h => h.Mode == AccessMode.ReadWrite)}");
        }

        foreach (var cluster in new[] { "team-mco", "team-rhcos" })
        {
            lines.Add($"teamclustersync_pending_pings{{cluster=\"{cluster}\"}} {OriginLease(cluster).Pending.Count}");
        }

        return string.Join('\n', lines);
    }

    private LeaseState OriginLease(string cluster) =>
        GitCli.Run(Origin, "ls-tree", "--name-only", "main", LeaseStateYaml.PathOf(cluster)).Length == 0
            ? LeaseState.Free(cluster)
            : LeaseStateYaml.Read(cluster, GitCli.Run(Origin, "show", $"main:{LeaseStateYaml.PathOf(cluster)}"));

    private static string Gauges(string scrape) =>
        string.Join('\n', scrape.Split('\n').Where(l => GaugeLine().IsMatch(l)).Order(StringComparer.Ordinal));

    private async Task<string> ScrapeAsync() => await http.GetStringAsync(new Uri(serve.BaseUrl, "/metrics"));

    private async Task SayAsync(string login, string text)
    {
        var id = StandInTranscript.People[login];
        using var response = await sender.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(id, slack.DirectMessageChannel(id), text)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await handled.WaitAsync(TimeSpan.FromSeconds(20)), $"the bot did not handle '{text}' in time");
    }

    [GeneratedRegex("^teamclustersync_(lease_holders|pending_pings)\\{")]
    private static partial Regex GaugeLine();
}
