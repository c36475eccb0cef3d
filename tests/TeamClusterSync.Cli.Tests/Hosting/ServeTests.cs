using System.Net;
using Microsoft.AspNetCore.Builder;
using TeamClusterSync.Cli.Commands;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.GitHub;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary><c>serve</c> in HTTP mode: signed Slack requests in, the same conversation as the terminal out.</summary>
public sealed class ServeTests : IAsyncLifetime
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private readonly TempDirectory temp = new("tcs-serve");
    private readonly HttpClient http = new();
    private readonly SemaphoreSlim handled = new(0);
    private SlackStandIn standIn = null!;
    private GitStateStore store = null!;
    private WebApplication app = null!;
    private SlackHttpSender slack = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        standIn = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(standIn);
        store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Origin, temp.Combine("cache")));
        app = await ServeHost.BuildAsync(new HostSettings(), Slack(), store, "http://127.0.0.1:0", _ =>
        {
            handled.Release();
            return Task.CompletedTask;
        });
        await app.StartAsync();
        slack = new SlackHttpSender(http, new Uri(app.Urls.First()), Secret);
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        store.Dispose();
        await standIn.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task The_requests_transcript_works_over_signed_http_events()
    {
        var transcript = new List<string>();
        foreach (var (login, text) in RequestTranscript.Conversation)
        {
            var from = standIn.Calls.Count;
            var id = StandInTranscript.People[login];
            var response = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent(id, standIn.DirectMessageChannel(id), text)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await HandledAsync();
            transcript.Add($"<{login}> {text}\n{StandInTranscript.Render(standIn, from)}");
        }

        Assert.Equal(RequestTranscript.Approved, string.Join("\n", transcript));
        Assert.Equal(
            Enumerable.Repeat("slack", 9),
            GitCli.Run(Origin, "log", "--format=%(trailers:key=Source,valueonly,separator=)", "--", "state/leases/team-rhcos.yaml")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_slash_command_works_and_a_forged_one_reaches_nothing()
    {
        var forged = new SlackHttpSender(http, new Uri(app.Urls.First()), "not-the-secret");
        var miabbott = StandInTranscript.People["miabbott"];

        var refused = await forged.PostSlashCommandAsync(SlackPayloads.SlashCommand(miabbott, "C0TEAMRHCOS", "request"));
        var accepted = await slack.PostSlashCommandAsync(SlackPayloads.SlashCommand(miabbott, "C0TEAMRHCOS", "request"));
        await HandledAsync();

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (refused.StatusCode, accepted.StatusCode));
        Assert.Equal(
            ["lease: @miabbott took team-rhcos (read-write)"],
            GitCli.Run(Origin, "log", "--format=%s", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(standIn.DirectMessageChannel(miabbott), Assert.Single(standIn.Uploads).ChannelId);
    }

    [Fact]
    public async Task The_cache_deleted_under_serve_is_rebuilt_and_the_next_command_is_answered()
    {
        var miabbott = StandInTranscript.People["miabbott"];
        await slack.PostSlashCommandAsync(SlackPayloads.SlashCommand(miabbott, "C0TEAMRHCOS", "request"));
        await HandledAsync();

        DeleteWhileInUse(temp.Combine("cache"));
        var from = standIn.Messages.Count;
        await slack.PostSlashCommandAsync(SlackPayloads.SlashCommand(miabbott, "C0TEAMRHCOS", "done"));
        await HandledAsync();

        Assert.Equal(
            ["lease: @miabbott released team-rhcos", "lease: @miabbott took team-rhcos (read-write)"],
            GitCli.Run(Origin, "log", "--format=%s", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("you released team-rhcos", standIn.Messages.Skip(from).First(m => m.Channel == standIn.DirectMessageChannel(miabbott)).Text, StringComparison.Ordinal);
        Assert.Equal(1, store.CacheRebuilds);
    }

    /// <summary>
    /// Deletes a directory the running bot may be writing to at that moment (a background refresh fetching), as a
    /// node cleaning its disk would: what is written meanwhile is deleted on the next pass.
    /// </summary>
    private static void DeleteWhileInUse(string directory)
    {
        for (var attempt = 1; Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(10);
            }
        }
    }

    [Fact]
    public async Task With_a_github_token_the_team_sync_runs_on_its_schedule()
    {
        await using var github = await GitHubStandIn.StartAsync();
        github.SetTeam("openshift", "openshift-team-red-hat-coreos", "cgwalters", "miabbott", "dustymabe");
        var settings = new HostSettings { GitHubToken = "ghp_test", GitHubApi = github.BaseUrl };
        await using var syncing = await ServeHost.BuildAsync(settings, Slack(), store, "http://127.0.0.1:0");

        await syncing.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && GitCli.Run(Origin, "ls-tree", "--name-only", "main", "state/sync/").Length == 0)
        {
            await Task.Delay(100);
        }

        await syncing.StopAsync();
        Assert.Equal("state/sync/redhat-coreos.yaml\n", GitCli.Run(Origin, "ls-tree", "--name-only", "main", "state/sync/"));
        Assert.Equal("schedule", GitCli.Run(Origin, "log", "-1", "--format=%(trailers:key=Source,valueonly,separator=)", "--", "state/sync").Trim());
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        var baseUrl = new Uri(app.Urls.First());

        Assert.Equal("ok", await http.GetStringAsync(new Uri(baseUrl, "/healthz")));
        // Ready at once (it can journal events), degraded until the first check read the config repo and heard Slack;
        // then the revision that check read: a commit of main (the schedule may have committed on top of it since).
        await Eventually.WaitAsync(() => !http.GetStringAsync(new Uri(baseUrl, "/readyz")).Result.StartsWith("ready, degraded", StringComparison.Ordinal), "the first check");
        var ready = await http.GetStringAsync(new Uri(baseUrl, "/readyz"));
        Assert.Matches("^ready: config revision [0-9a-f]{7}$", ready);
        GitCli.Run(Origin, "merge-base", "--is-ancestor", ready[^7..], "main");
    }

    [Fact]
    public async Task Without_slack_settings_serve_exits_2_and_points_to_the_demo()
    {
        var stderr = new StringWriter();
        var command = new ServeCommand(HostSettings.From(_ => null));

        var code = await command.RunAsync(CliArgs.Parse(["--repo", Origin], command.Options), new Terminal(new StringWriter(), stderr, new StringReader("")));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(
            "teamclustersync serve: SLACK_BOT_TOKEN is not set. serve talks to Slack: set SLACK_BOT_TOKEN (xoxb-...) and "
            + "SLACK_APP_TOKEN (xapp-..., Socket Mode) or SLACK_SIGNING_SECRET (HTTP events). To try the bot without Slack, run 'teamclustersync demo'.\n",
            stderr.ToString());
    }

    [Fact]
    public void Settings_never_print_a_token()
    {
        var settings = HostSettings.From(name => name switch
        {
            "SLACK_BOT_TOKEN" => "xoxb-secret-bot",
            "SLACK_APP_TOKEN" => "xapp-secret-app",
            _ => null,
        });
        var (slack, _) = settings.ServeSlack();

        Assert.Equal("HostSettings { SocketMode = True, HttpEvents = False, SlackApi = https://slack.com/api/, TeamSync = False, Hive = False }", settings.ToString());
        Assert.Equal("SlackSettings { ApiBase = https://slack.com/api/, SocketMode = True, HttpEvents = False }", slack!.ToString());
        Assert.Null(settings.HiveKubeconfig);
    }

    private SlackSettings Slack() =>
        new(standIn.ApiBaseUrl, SlackStandIn.BotToken, AppToken: null, Secret) { ClientOptions = new SlackClientOptions { BaseDelay = TimeSpan.FromMilliseconds(10) } };

    private async Task HandledAsync() =>
        Assert.True(await handled.WaitAsync(TimeSpan.FromSeconds(20)), "the bot did not handle the request in time");
}
