using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Slack.Http;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Http;

/// <summary>The endpoints on a real loopback Kestrel, driven by the stand-in's independently signing sender.</summary>
public sealed class SlackHttpEndpointsTests : IAsyncLifetime
{
    private const string Secret = "standin-signing-secret";
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly HttpClient http = new();
    private readonly IncomingRecorder recorder = new();
    private WebApplication app = null!;
    private SlackHttpSender slack = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        SlackHttpEndpoints.Map(app, new SlackSignatureVerifier(Secret, new FixedTimeProvider(Now)), recorder.HandleAsync);
        await app.StartAsync();
        slack = new SlackHttpSender(http, new Uri(app.Urls.First().TrimEnd('/') + "/"), Secret) { Now = () => Now };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_event_answered_200_but_cut_off_before_it_was_handled_is_handled_by_the_next_process()
    {
        using var temp = new TeamClusterSync.Testing.TempDirectory("tcs-http-journal");
        var journal = temp.Combine("journal");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var dying = await StartAsync(async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, journal))
        {
            var sender = new SlackHttpSender(http, new Uri(dying.Urls.First().TrimEnd('/') + "/"), Secret) { Now = () => Now };
            using var response = await sender.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "teamcluster request")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await dying.StopAsync(); // the handler is cut off: Slack got its 200 and will not send the event again
        }

        await using var next = await StartAsync(recorder.HandleAsync, journal);

        var resumed = await recorder.NextAsync<SlackMessage>();
        Assert.Equal(("U0ALICE", "teamcluster request"), (resumed.UserId, resumed.Text));
        for (var i = 0; i < 200 && Directory.GetFiles(journal).Length > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Empty(Directory.GetFiles(journal));
    }

    private static async Task<WebApplication> StartAsync(Func<SlackIncoming, CancellationToken, Task> handler, string journal)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var started = builder.Build();
        SlackHttpEndpoints.Map(started, new SlackSignatureVerifier(Secret, new FixedTimeProvider(Now)), handler, journalDirectory: journal);
        await started.StartAsync();
        return started;
    }

    [Fact]
    public async Task Url_verification_echoes_the_challenge()
    {
        using var response = await slack.PostEventAsync(new JsonObject { ["type"] = "url_verification", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["token"] = "x" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_event_is_answered_200_and_handled_once_despite_a_retry()
    {
        var body = SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "teamcluster done"));

        using var first = await slack.PostEventAsync(body);
        using var retry = await slack.PostEventAsync(body, retryNum: 1);
        using var barrier = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MentionEvent("U0BOB", "C0TEAM", "<@U0BOT> status")));
        var items = new[] { await recorder.NextAsync<SlackMessage>(), await recorder.NextAsync<SlackMessage>() };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { first.StatusCode, retry.StatusCode, barrier.StatusCode });
        Assert.Equal(["<@U0BOT> status", "teamcluster done"], items.Select(i => i.Text).Order());
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task Slash_command_gets_an_immediate_ephemeral_ack_and_reaches_the_handler()
    {
        using var response = await slack.PostSlashCommandAsync(SlackPayloads.SlashCommand("U0ALICE", "C0TEAM", "request team-rhcos"));
        var command = await recorder.NextAsync<SlackSlashCommand>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("ephemeral", "Working on it…"), (ack.GetProperty("response_type").GetString(), ack.GetProperty("text").GetString()));
        Assert.Equal(("U0ALICE", "C0TEAM", "/teamcluster", "request team-rhcos"), (command.UserId, command.ChannelId, command.Command, command.Text));
    }

    [Fact]
    public async Task Button_press_reaches_the_handler_as_a_block_action()
    {
        using var response = await slack.PostInteractiveAsync(SlackPayloads.BlockActions("U0ALICE", "D0ALICE", "1700000000.000300", "refuse", "bob"));
        var action = await recorder.NextAsync<SlackBlockAction>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new SlackBlockAction("U0ALICE", "D0ALICE", "1700000000.000300", "refuse", "bob"), action);
    }

    [Theory]
    [InlineData("slack/events", "forged")]
    [InlineData("slack/events", "old")]
    [InlineData("slack/events", "missing")]
    [InlineData("slack/commands", "forged")]
    [InlineData("slack/commands", "old")]
    [InlineData("slack/commands", "missing")]
    [InlineData("slack/interactive", "forged")]
    [InlineData("slack/interactive", "old")]
    [InlineData("slack/interactive", "missing")]
    public async Task Bad_signatures_get_401_and_never_reach_the_handler(string path, string flaw)
    {
        var (body, contentType) = path switch
        {
            "slack/events" => (SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0EVE", "D0EVE", "done")).ToJsonString(), "application/json"),
            "slack/commands" => ("user_id=U0EVE&channel_id=C0TEAM&command=%2Fteamcluster&text=done&response_url=x", "application/x-www-form-urlencoded"),
            _ => ("payload=" + Uri.EscapeDataString(SlackPayloads.BlockActions("U0EVE", "D0EVE", "1.2", "grant", "eve").ToJsonString()), "application/x-www-form-urlencoded"),
        };
        var old = Now.AddSeconds(-301).ToUnixTimeSeconds();
        var (timestamp, signature) = flaw switch
        {
            "forged" => ((long?)null, SlackHttpSender.Sign("not-the-secret", Now.ToUnixTimeSeconds(), body)),
            "old" => (old, SlackHttpSender.Sign(Secret, old, body)),
            _ => (null, ""),
        };

        using var response = await slack.SendAsync(path, body, contentType, timestamp, signature);
        using var valid = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "valid")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("valid", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_gets_413_and_never_reaches_the_handler()
    {
        var huge = SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0EVE", "D0EVE", new string('x', SlackHttpEndpoints.MaxBodyBytes)));

        using var response = await slack.PostEventAsync(huge);
        using var valid = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "valid")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("valid", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Empty(recorder.Pending());
    }

    [Theory]
    [InlineData("missing", 401)]
    [InlineData("old", 401)]
    [InlineData("malformed", 401)]
    [InlineData("declared too large", 413)]
    public async Task A_request_refused_on_its_headers_is_answered_while_its_body_never_ends(string flaw, int status)
    {
        var stale = Now.AddSeconds(-301).ToUnixTimeSeconds();
        var signature = "v0=" + new string('a', 64);
        var headers = flaw switch
        {
            "missing" => $"X-Slack-Request-Timestamp: {Now.ToUnixTimeSeconds()}\r\n",
            "old" => $"X-Slack-Request-Timestamp: {stale}\r\nX-Slack-Signature: {signature}\r\n",
            "malformed" => $"X-Slack-Request-Timestamp: {Now.ToUnixTimeSeconds()}\r\nX-Slack-Signature: v0=not-hex\r\n",
            _ => $"X-Slack-Request-Timestamp: {Now.ToUnixTimeSeconds()}\r\nX-Slack-Signature: {signature}\r\n",
        };
        var length = flaw == "declared too large" ? $"Content-Length: {SlackHttpEndpoints.MaxBodyBytes + 1}\r\n" : "Transfer-Encoding: chunked\r\n";
        var url = new Uri(app.Urls.First());
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        var stream = client.GetStream();

        // The headers and 64 KiB of a body that would go on for ever: the answer must come without the rest.
        var chunk = new string('x', 64 * 1024);
        var start = $"POST /slack/events HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n{headers}{length}\r\n";
        var body = flaw == "declared too large" ? chunk : $"{chunk.Length:x}\r\n{chunk}\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(start + body));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal($"HTTP/1.1 {status} {(status == 401 ? "Unauthorized" : "Payload Too Large")}", statusLine);
        using var valid = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "valid")));
        Assert.Equal("valid", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Empty(recorder.Pending());
    }

    [Theory]
    [InlineData("message", "", "D0EVE")]
    [InlineData("message", "U0EVE", "")]
    [InlineData("app_mention", "U0EVE", "")]
    public async Task A_signed_event_without_a_user_or_channel_is_answered_200_and_dropped(string type, string user, string channel)
    {
        var evt = type == "message"
            ? SlackPayloads.MessageEvent(user, channel, "teamcluster request")
            : SlackPayloads.MentionEvent(user, channel, "<@U0BOT> teamcluster request");
        using var response = await slack.PostEventAsync(SlackPayloads.EventCallback(evt));
        using var valid = await slack.PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "valid")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("valid", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task A_signed_body_that_is_not_json_gets_400_not_500()
    {
        using var response = await slack.SendAsync("slack/events", "{not json", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }
}
