using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// <c>/readyz</c> means "send me traffic": ready while events can be journaled, whatever else is degraded (that is
/// said in its body); not ready when they cannot be, or while shutting down.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-ready");
    private readonly HttpClient http = new();
    private readonly LogLines log = new();
    private SlackStandIn slack = null!;
    private ServeReplica serve = null!;

    private string Origin => temp.Combine("origin.git");

    private string Data => temp.Combine("data");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        serve = await ServeReplica.StartAsync("single", Origin, temp.Combine("cache"), slack, leases: null, services: s => s.AddLogging(l => l.AddProvider(log)), data: Data);
    }

    public async Task DisposeAsync()
    {
        await serve.DisposeAsync();
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Until_the_first_check_it_is_ready_and_says_what_it_waits_for_and_while_stopping_it_is_not()
    {
        var readiness = new Readiness();

        Assert.Equal((true, "ready, degraded: the config repo has not been read yet; Slack has not answered yet"), (readiness.IsReady, readiness.Text));
        readiness.Stopping();
        Assert.Equal((false, "not ready: shutting down"), (readiness.IsReady, readiness.Text));
    }

    [Fact]
    public async Task A_data_directory_that_takes_no_write_is_not_ready_and_logged_once()
    {
        await Eventually.WaitAsync(() => serve.Runs.Finished("cluster-lifecycle") >= 1, "the schedule recorded the clusters");
        var good = GitCli.Run(Origin, "rev-parse", "main").Trim();
        Assert.Equal((HttpStatusCode.OK, $"ready: config revision {good[..7]}"), await CheckAsync());
        Directory.Delete(Data, recursive: true);
        File.WriteAllText(Data, "a file where the volume should be");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"not ready: events cannot be journaled in {Data}: The file '{Data}' already exists."), await CheckAsync());
        await CheckAsync();
        Assert.Single(log.All, l => l.Contains("cannot be journaled", StringComparison.Ordinal));

        File.Delete(Data);
        Assert.Equal((HttpStatusCode.OK, $"ready: config revision {good[..7]}"), await CheckAsync());
    }

    [Fact]
    public async Task An_invalid_config_revision_is_named_logged_once_and_the_last_good_one_stays_in_use()
    {
        // The schedule first records the clusters on main; after that, nothing else commits during the test.
        await Eventually.WaitAsync(() => serve.Runs.Finished("cluster-lifecycle") >= 1, "the schedule recorded the clusters");
        var good = GitCli.Run(Origin, "rev-parse", "main").Trim();
        Assert.Equal((HttpStatusCode.OK, $"ready: config revision {good[..7]}"), await CheckAsync());

        var commit = HumanEdit.Commit(Origin, temp.Combine("human"), "teams/redhat-coreos.yaml", "name: [unclosed\n", "a typo");
        serve.Later();
        var problem = $"the config repo at {commit[..7]} has 1 error(s), the first: teams/redhat-coreos.yaml:2:1: error: not valid YAML: "
            + "while parsing a flow sequence, did not find expected ',' or ']'. Ask a team admin to fix it (`teamclustersync validate` lists them all).";

        Assert.Equal(
            (HttpStatusCode.OK, $"ready, degraded: config revision {commit[..7]} is invalid and the last good one ({good[..7]}) is in use: {problem}"),
            await CheckAsync());
        await CheckAsync();
        Assert.Equal(
            [$"Error: config revision {commit[..7]} is invalid; revision {good[..7]} stays in use: {problem}"],
            log.All.Where(l => l.Contains("is invalid", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unreachable_remote_is_named()
    {
        Directory.Move(Origin, Origin + ".gone");
        serve.Later();

        Assert.Equal((HttpStatusCode.OK, $"ready, degraded: the config repo is unreachable: fetching {Origin} failed: unsupported URL protocol"), await CheckAsync());
    }

    [Fact]
    public async Task Slack_refusing_the_bot_is_named()
    {
        // The probe's own first check runs as the host starts: let it pass before Slack refuses.
        await Eventually.WaitAsync(() => ReadyzAsync().Result.StartsWith("ready: ", StringComparison.Ordinal), "the first check passed");
        slack.FailNext("auth.test", "invalid_auth");

        Assert.Equal((HttpStatusCode.OK, "ready, degraded: Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN"), await CheckAsync());
    }

    private async Task<string> ReadyzAsync() => await http.GetStringAsync(new Uri(serve.BaseUrl, "/readyz"));

    private async Task<(HttpStatusCode, string)> CheckAsync()
    {
        await serve.App.Services.GetServices<IHostedService>().OfType<ReadinessProbe>().Single().CheckAsync(CancellationToken.None);
        using var response = await http.GetAsync(new Uri(serve.BaseUrl, "/readyz"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
