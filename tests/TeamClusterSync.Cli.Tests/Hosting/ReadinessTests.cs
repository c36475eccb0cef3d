using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary><c>/readyz</c> tells the truth, and says why when the bot is not ready.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-ready");
    private readonly HttpClient http = new();
    private readonly LogLines log = new();
    private SlackStandIn slack = null!;
    private ServeReplica serve = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        serve = await ServeReplica.StartAsync("single", Origin, temp.Combine("cache"), slack, leases: null, services: s => s.AddLogging(l => l.AddProvider(log)));
    }

    public async Task DisposeAsync()
    {
        await serve.DisposeAsync();
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Until_the_first_check_it_says_what_it_waits_for()
    {
        var readiness = new Readiness();

        Assert.Equal((false, "the config repo has not been read yet; Slack has not answered yet"), (readiness.IsReady, readiness.Problem));
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
            (HttpStatusCode.ServiceUnavailable, $"not ready: config revision {commit[..7]} is invalid and the last good one ({good[..7]}) is in use: {problem}"),
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

        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"not ready: the config repo is unreachable: fetching {Origin} failed: unsupported URL protocol"), await CheckAsync());
    }

    [Fact]
    public async Task Slack_refusing_the_bot_is_named()
    {
        slack.FailNext("auth.test", "invalid_auth");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN"), await CheckAsync());
    }

    private async Task<(HttpStatusCode, string)> CheckAsync()
    {
        await serve.App.Services.GetServices<IHostedService>().OfType<ReadinessProbe>().Single().CheckAsync(CancellationToken.None);
        using var response = await http.GetAsync(new Uri(serve.BaseUrl, "/readyz"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
