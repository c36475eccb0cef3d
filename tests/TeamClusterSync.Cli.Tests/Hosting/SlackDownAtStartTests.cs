using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// <c>serve</c> starting while Slack is down (nothing listening, an answer that is not JSON, a refused token): it starts
/// and listens at once, stays ready with <c>/readyz</c> saying what is degraded, the log says it once, the events it
/// takes meanwhile are journaled, and they are answered once Slack is back.
/// </summary>
public sealed class SlackDownAtStartTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-slackdown");
    private readonly HttpClient http = new();
    private readonly LogLines log = new();
    private readonly SemaphoreSlim handled = new(0);
    private GitStateStore store = null!;
    private WebApplication? app;

    private string Origin => temp.Combine("origin.git");

    private Uri BaseUrl => new(app!.Urls.First());

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Origin, temp.Combine("cache")));
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        store.Dispose();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task While_Slack_is_unreachable_serve_is_ready_degraded_journals_the_events_and_answers_them_once_Slack_is_back()
    {
        var port = FreePort();
        await StartServeAsync(new Uri($"http://127.0.0.1:{port}/api/"));
        Assert.Single(log.All, l => l.StartsWith($"Information: serve: listening on {BaseUrl.ToString().TrimEnd('/')}; /readyz: ready, degraded: ", StringComparison.Ordinal));
        await Eventually.WaitAsync(() => ReadyzAsync().Result.Text.Contains("Slack", StringComparison.Ordinal) && !ReadyzAsync().Result.Text.Contains("not answered yet", StringComparison.Ordinal), "Slack was asked");

        var (status, text) = await ReadyzAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith($"ready, degraded: Slack is unreachable: Connection refused (127.0.0.1:{port})", text, StringComparison.Ordinal);
        Assert.Contains("teamclustersync_degraded{part=\"slack\"} 1\n", await http.GetStringAsync(new Uri(BaseUrl, "/metrics")), StringComparison.Ordinal);
        Assert.Contains("teamclustersync_ready{} 1\n", await http.GetStringAsync(new Uri(BaseUrl, "/metrics")), StringComparison.Ordinal);

        var miabbott = StandInTranscript.People["miabbott"];
        using (var accepted = await new SlackHttpSender(http, BaseUrl, ServeReplica.SigningSecret).PostSlashCommandAsync(SlackPayloads.SlashCommand(miabbott, "C0TEAMRHCOS", "request")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var journal = temp.Combine("data", "slack-http-journal");
        Assert.Single(Directory.GetFiles(journal));
        Assert.Equal(0, handled.CurrentCount);

        await using var slack = await SlackStandIn.StartAsync(port);
        StandInTranscript.AddExamplePeople(slack);
        Assert.True(await handled.WaitAsync(TimeSpan.FromSeconds(30)), "the bot did not handle the command once Slack was back");

        Assert.Equal("kubeconfig-team-rhcos.yaml", Assert.Single(slack.Uploads).FileName);
        await Eventually.WaitAsync(() => Directory.GetFiles(journal).Length == 0, "the handled event was struck from the journal");
        Assert.StartsWith("ready: config revision ", (await ReadyzAsync()).Text, StringComparison.Ordinal);
        Assert.Contains("teamclustersync_degraded{part=\"slack\"} 0\n", await http.GetStringAsync(new Uri(BaseUrl, "/metrics")), StringComparison.Ordinal);
        Assert.Single(log.All, l => l.Contains("Slack is unreachable", StringComparison.Ordinal) && l.Contains("holding the events journaled", StringComparison.Ordinal));
        Assert.Contains("Information: Slack answers again", log.All);
    }

    [Fact]
    public async Task Serve_listens_at_once_while_Slack_has_not_answered()
    {
        await using var slack = await SlackStandIn.StartAsync();
        slack.HangNext("auth.test");
        await StartServeAsync(slack.ApiBaseUrl);

        // auth.test still hangs (it would give up only after the check's 20 s), and /readyz answers already.
        var (status, text) = await ReadyzAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("ready, degraded: ", text, StringComparison.Ordinal);
        Assert.EndsWith("Slack has not answered yet", text, StringComparison.Ordinal);
        Assert.Single(log.All, l => l.StartsWith("Information: serve: listening on ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_part_of_serve_failing_for_good_stops_it_and_names_the_reason()
    {
        await using var slack = await SlackStandIn.StartAsync();
        await StartServeAsync(slack.ApiBaseUrl, more: s => s.AddHostedService(sp => new FailsOnceStarted(sp.GetRequiredService<IHostApplicationLifetime>())));
        var hosted = app!.Services.GetServices<IHostedService>().ToList();

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("serve stopped: the Socket Mode reply is not JSON", ServeFailure.Of(hosted));
    }

    [Fact]
    public async Task An_answer_that_is_not_json_leaves_serve_up_and_not_ready_with_the_reason()
    {
        await using var portal = await NotJsonServerAsync();
        await StartServeAsync(new Uri(portal.Urls.First() + "/api/"));

        await Eventually.WaitAsync(() => ReadyzAsync().Result.Text.Contains("invalid_response", StringComparison.Ordinal), "Slack was asked");
        Assert.Equal((HttpStatusCode.OK, "ready, degraded: Slack is unreachable: Slack method auth.test failed: invalid_response"), await ReadyzAsync());
        Assert.Equal("ok", await http.GetStringAsync(new Uri(BaseUrl, "/healthz")));
    }

    [Fact]
    public async Task A_refused_token_is_one_clear_log_line_however_often_it_is_retried()
    {
        await using var slack = await SlackStandIn.StartAsync();
        slack.FailNext("auth.test", "invalid_auth", times: 1000);
        await StartServeAsync(slack.ApiBaseUrl);
        await Eventually.WaitAsync(() => slack.CallsTo("auth.test").Count >= 3, "serve asked Slack again");

        Assert.Equal((HttpStatusCode.OK, "ready, degraded: Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN"), await ReadyzAsync());
        Assert.Equal(
            ["Error: readiness: Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN; retrying, and holding the events journaled until Slack answers"],
            log.All.Where(l => l.Contains("readiness:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refused_app_token_stops_serve_with_one_clear_line_and_no_stack_trace()
    {
        await using var slack = await SlackStandIn.StartAsync();
        slack.FailNext("apps.connections.open", "invalid_auth");
        await StartServeAsync(slack.ApiBaseUrl, SlackStandIn.AppToken);

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app!.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            "Slack refused the app token in SLACK_APP_TOKEN (invalid_auth from apps.connections.open); "
            + "check that it is this app's app-level token (xapp-…) with the connections:write scope",
            app.Services.GetRequiredService<SocketModeStatus>().Refused);
        Assert.Single(log.All, l => l.StartsWith("Critical: Slack refused the app token", StringComparison.Ordinal));
        Assert.DoesNotContain(log.All, l => l.Contains("BackgroundService", StringComparison.Ordinal) || l.Contains("Unhandled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_app_token_found_before_the_web_server_is_up_still_stops_serve_with_one_clear_line()
    {
        await using var slack = await SlackStandIn.StartAsync();
        slack.FailNext("apps.connections.open", "invalid_auth");

        // The web server starts last: held back until Socket Mode has heard the refusal, it is still starting then.
        await StartServeAsync(slack.ApiBaseUrl, SlackStandIn.AppToken, s => s.AddHostedService(sp => new HoldUntil(
            () => sp.GetRequiredService<SocketModeStatus>().Refused is not null)));

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app!.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(log.All, l => l.StartsWith("Critical: Slack refused the app token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hung_connections_open_leaves_serve_running_not_ready_and_retrying_until_Slack_answers()
    {
        await using var slack = await SlackStandIn.StartAsync();
        slack.HangNext("apps.connections.open", times: 1000);
        await StartServeAsync(slack.ApiBaseUrl, SlackStandIn.AppToken, socketMode: new SocketModeOptions
        {
            OpenTimeout = TimeSpan.FromMilliseconds(200),
            InitialReconnectDelay = TimeSpan.FromMilliseconds(10),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
        });

        await Eventually.WaitAsync(() => slack.CallsTo("apps.connections.open").Count >= 3, "serve asked for a socket again");
        Assert.Equal(
            (HttpStatusCode.ServiceUnavailable, "not ready: Socket Mode cannot connect: no answer within 0.2 s; retrying"),
            await ReadyzAsync());
        Assert.False(app!.Lifetime.ApplicationStopping.IsCancellationRequested);

        slack.ClearFaults("apps.connections.open");
        await Eventually.WaitAsync(() => ReadyzAsync().Result.Status == HttpStatusCode.OK, "serve is ready");

        // One socket is left open. (On a busy machine a socket may take longer than the 0.2 s bound to say hello:
        // serve then closes it and opens another, which is what the bound is for.)
        await Eventually.WaitAsync(
            () => slack.SocketEvents.Count(e => e.Kind == "opened") - slack.SocketEvents.Count(e => e.Kind == "closed") == 1, "one socket is open");
    }

    private async Task StartServeAsync(Uri slackApi, string? appToken = null, Action<IServiceCollection>? more = null, SocketModeOptions? socketMode = null)
    {
        var settings = new SlackSettings(slackApi, SlackStandIn.BotToken, appToken, ServeReplica.SigningSecret)
        {
            ClientOptions = new SlackClientOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
            StateDirectory = temp.Combine("data"),
            SocketMode = socketMode,
        };
        app = await ServeHost.BuildAsync(new HostSettings(), settings, store, new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            MetricsCache = TimeSpan.Zero,
            Observe = _ =>
            {
                handled.Release();
                return Task.CompletedTask;
            },
            Services = s =>
            {
                s.AddLogging(l => l.AddProvider(log));
                more?.Invoke(s);
            },
        });
        await app.StartAsync();
    }

    private async Task<(HttpStatusCode Status, string Text)> ReadyzAsync()
    {
        using var response = await http.GetAsync(new Uri(BaseUrl, "/readyz"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A port nothing listens on (yet).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback server that answers every API call with an HTML page, as a proxy or captive portal would.</summary>
    private static async Task<WebApplication> NotJsonServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var portal = builder.Build();
        portal.MapPost("/api/{method}", () => Results.Content("<html><body>Sign in to continue</body></html>", "text/html"));
        await portal.StartAsync();
        return portal;
    }

    /// <summary>A part of serve that fails for good once serve runs, as Socket Mode did on a reply it could not parse.</summary>
    private sealed class FailsOnceStarted(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            await started.Task.WaitAsync(stoppingToken);
            throw new FormatException("the Socket Mode reply is not JSON");
        }
    }

    /// <summary>A hosted service whose start waits (at most 30 s) until <paramref name="ready"/> says so.</summary>
    private sealed class HoldUntil(Func<bool> ready) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Eventually.WaitAsync(ready, "the hold was released");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
