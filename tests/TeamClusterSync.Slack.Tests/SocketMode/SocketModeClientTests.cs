using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.SocketMode;

public sealed class SocketModeClientTests : IAsyncLifetime
{
    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stop = new();
    private readonly IncomingRecorder recorder = new();
    private SlackStandIn standIn = null!;
    private Task run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        standIn = await SlackStandIn.StartAsync();
        standIn.AddUser("U0ALICE", "alice", "alice@example.com");
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
        http.Dispose();
        await standIn.DisposeAsync();
    }

    [Fact]
    public async Task Hello_then_a_dm_arrives_typed_and_acknowledged()
    {
        var client = Start(recorder.HandleAsync);

        var ack = await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "teamcluster request team-rhcos");
        var message = await recorder.NextAsync<SlackMessage>();

        Assert.Equal(1, client.HelloCount);
        Assert.Equal(("U0ALICE", "D0ALICE", "im", "teamcluster request team-rhcos", false, false),
            (message.UserId, message.ChannelId, message.ChannelType, message.Text, message.IsFromBot, message.IsMention));
        Assert.Equal(ack, Assert.Single(standIn.Acks));
        Assert.Null(ack.Payload);
        Assert.Equal(SlackStandIn.AppToken, Assert.Single(standIn.CallsTo("apps.connections.open")).Token);
    }

    [Fact]
    public async Task Mentions_slash_commands_and_buttons_arrive_typed()
    {
        Start(recorder.HandleAsync);

        await standIn.SendMentionAsync("U0ALICE", "C0TEAM", $"<@{SlackStandIn.BotUserId}> status");
        var mention = await recorder.NextAsync<SlackMessage>();
        var commandAck = await standIn.SendSlashCommandAsync("U0ALICE", "C0TEAM", "request ro team-rhcos");
        var command = await recorder.NextAsync<SlackSlashCommand>();
        await standIn.SendBlockActionAsync("U0ALICE", "D0ALICE", "1700000000.000200", "grant", "bob");
        var action = await recorder.NextAsync<SlackBlockAction>();

        Assert.Equal(("C0TEAM", "channel", $"<@{SlackStandIn.BotUserId}> status", true), (mention.ChannelId, mention.ChannelType, mention.Text, mention.IsMention));
        Assert.Equal(("U0ALICE", "C0TEAM", "/teamcluster", "request ro team-rhcos"), (command.UserId, command.ChannelId, command.Command, command.Text));
        Assert.StartsWith("https://hooks.slack.invalid/commands/", command.ResponseUrl, StringComparison.Ordinal);
        Assert.Equal("Working on it…", System.Text.Json.JsonDocument.Parse(commandAck.Payload!).RootElement.GetProperty("text").GetString());
        Assert.Equal(new SlackBlockAction("U0ALICE", "D0ALICE", "1700000000.000200", "grant", "bob"), action);
    }

    [Fact]
    public async Task Edits_and_bot_posts_are_filtered_or_marked()
    {
        Start(recorder.HandleAsync);

        await standIn.SendEventAsync(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "edited", subtype: "message_changed"));
        await standIn.SendEventAsync(SlackPayloads.MessageEvent(SlackStandIn.BotUserId, "D0ALICE", "bot says hi", botId: "B0STANDIN"));
        var botPost = await recorder.NextAsync<SlackMessage>();

        Assert.Equal(("bot says hi", true), (botPost.Text, botPost.IsFromBot));
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task Envelope_is_acknowledged_before_the_handler_finishes()
    {
        var started = new TaskCompletionSource<SlackIncoming>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        Start(async (item, ct) =>
        {
            started.TrySetResult(item);
            await release.Task.WaitAsync(ct);
            finished = true;
        });

        var ack = await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "slow command");
        var item = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(finished);
        Assert.Equal("slow command", ((SlackMessage)item).Text);
        Assert.Equal(ack.EnvelopeId, Assert.Single(standIn.Acks).EnvelopeId);
        release.SetResult();
    }

    [Fact]
    public async Task Duplicate_event_delivery_is_acknowledged_twice_and_handled_once()
    {
        Start(recorder.HandleAsync);
        standIn.DuplicateNextDeliveries(1);

        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "done");
        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "status");
        var first = await recorder.NextAsync<SlackMessage>();
        var second = await recorder.NextAsync<SlackMessage>();

        Assert.Equal(3, standIn.Acks.Count);
        Assert.Equal(["done", "status"], new[] { first.Text, second.Text }.Order());
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task Duplicate_envelope_id_is_handled_once()
    {
        Start(recorder.HandleAsync);
        standIn.DuplicateNextDeliveries(1);

        await standIn.SendSlashCommandAsync("U0ALICE", "C0TEAM", "done");
        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "status");
        var items = new[] { await recorder.NextAsync(), await recorder.NextAsync() };

        Assert.Equal(3, standIn.Acks.Count);
        Assert.Single(items.OfType<SlackSlashCommand>());
        Assert.Single(items.OfType<SlackMessage>());
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task Refresh_opens_the_new_socket_before_closing_the_old_and_loses_no_message()
    {
        Start(recorder.HandleAsync);

        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "before");
        await standIn.RequestRefreshAsync();
        var after = await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "after");
        await standIn.WaitForSocketEventAsync("closed", 1);
        var texts = new[] { (await recorder.NextAsync<SlackMessage>()).Text, (await recorder.NextAsync<SlackMessage>()).Text };

        Assert.Equal(["after", "before"], texts.Order());
        Assert.Equal(2, after.Socket);
        Assert.Equal([("opened", 1), ("opened", 2), ("closed", 1)], standIn.SocketEvents.Select(e => (e.Kind, e.Socket)));
        Assert.Equal(2, standIn.CallsTo("apps.connections.open").Count);
    }

    [Fact]
    public async Task Dropped_socket_reconnects_and_delivery_resumes()
    {
        var client = Start(recorder.HandleAsync);
        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "one");

        await standIn.DropSocketAsync();
        var ack = await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "two");
        var texts = new[] { (await recorder.NextAsync<SlackMessage>()).Text, (await recorder.NextAsync<SlackMessage>()).Text };

        Assert.Equal(["one", "two"], texts.Order());
        Assert.Equal(2, ack.Socket);
        Assert.Equal([("opened", 1), ("dropped", 1), ("opened", 2)], standIn.SocketEvents.Select(e => (e.Kind, e.Socket)));
        Assert.Equal(2, client.HelloCount);
    }

    [Fact]
    public async Task Failed_connection_attempts_are_retried()
    {
        standIn.ServerErrorNext("apps.connections.open", 500, times: 4);
        standIn.FailNext("apps.connections.open", "internal_error");
        Start(recorder.HandleAsync);

        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "finally");

        Assert.Equal("finally", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Equal([500, 500, 500, 500, 200, 200], standIn.CallsTo("apps.connections.open").Select(c => c.Status));
    }

    [Fact]
    public async Task A_refused_app_token_stops_the_client()
    {
        var slack = new TeamClusterSync.Slack.WebApi.SlackClient(standIn.ApiBaseUrl, http, SlackStandIn.BotToken, "xapp-wrong", SlackTestSupport.FastRetries);
        var client = new SocketModeClient(slack, recorder.HandleAsync, SlackTestSupport.FastReconnects);

        var error = await Assert.ThrowsAsync<TeamClusterSync.Slack.WebApi.SlackApiException>(() => client.RunAsync(stop.Token));

        Assert.Equal("invalid_auth", error.Error);
        Assert.DoesNotContain("xapp-wrong", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_handled_before_a_restart_is_not_handled_again_when_slack_redelivers_it()
    {
        using var temp = new TeamClusterSync.Testing.TempDirectory("tcs-socket-restart");
        var options = SlackTestSupport.FastReconnects with { HandledEventsFile = temp.Combine("handled.log") };
        using (var first = new CancellationTokenSource())
        {
            var running = new SocketModeClient(SlackTestSupport.Client(standIn, http), recorder.HandleAsync, options).RunAsync(first.Token);
            await standIn.WaitForSocketAsync(1);
            await standIn.SendEventAsync(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "teamcluster request"), eventId: "Ev00000042");
            Assert.Equal("teamcluster request", (await recorder.NextAsync<SlackMessage>()).Text);
            // The id is written once the handler returned.
            for (var i = 0; i < 1200 && !(File.Exists(options.HandledEventsFile) && File.ReadAllText(options.HandledEventsFile).Contains("Ev00000042", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(25);
            }

            await first.CancelAsync();
            await running;
        }

        var restarted = Start(recorder.HandleAsync, options);
        for (var i = 0; i < 1200 && restarted.HelloCount == 0; i++)
        {
            await Task.Delay(25); // until the restarted client's own socket is up, whatever became of the first one's
        }

        Assert.True(restarted.HelloCount > 0, "the restarted client did not connect");

        await standIn.SendEventAsync(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "teamcluster request"), eventId: "Ev00000042");
        await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "a new one");

        Assert.Equal("a new one", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task An_event_acknowledged_but_cut_off_before_it_was_handled_is_handled_at_the_next_start()
    {
        using var temp = new TeamClusterSync.Testing.TempDirectory("tcs-socket-journal");
        var options = SlackTestSupport.FastReconnects with { HandledEventsFile = temp.Combine("handled.log"), JournalDirectory = temp.Combine("journal") };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var first = new CancellationTokenSource())
        {
            // The first process gets the event, acknowledges it, and dies before its handler is done.
            var running = new SocketModeClient(SlackTestSupport.Client(standIn, http), async (_, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }, options).RunAsync(first.Token);
            await standIn.WaitForSocketAsync(1);
            var ack = await standIn.SendEventAsync(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "teamcluster request"), eventId: "Ev00000077");
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains(standIn.Acks, a => a.EnvelopeId == ack.EnvelopeId);
            var journaled = File.ReadAllText(Assert.Single(Directory.GetFiles(options.JournalDirectory!)));
            Assert.Contains("teamcluster request", journaled, StringComparison.Ordinal);
            Assert.DoesNotContain("token", journaled, StringComparison.OrdinalIgnoreCase);
            await first.CancelAsync();
            await running;
        }

        Start(recorder.HandleAsync, options);

        var resumed = await recorder.NextAsync<SlackMessage>();
        Assert.Equal(("U0ALICE", "teamcluster request"), (resumed.UserId, resumed.Text));
        for (var i = 0; i < 200 && Directory.GetFiles(options.JournalDirectory!).Length > 0; i++)
        {
            await Task.Delay(25); // struck from the journal once handled
        }

        Assert.Empty(Directory.GetFiles(options.JournalDirectory!));
        Assert.Contains("Ev00000077", File.ReadAllText(options.HandledEventsFile!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refreshes_with_an_event_arriving_on_the_old_socket_as_it_closes_lose_none_of_them()
    {
        standIn.AckWindow = TimeSpan.FromMilliseconds(200);
        var client = Start(recorder.HandleAsync);
        var sent = Enumerable.Range(1, 24).Select(i => $"status {i}").ToList();

        foreach (var text in sent)
        {
            await standIn.RefreshWithEventInFlightAsync(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", text));
        }

        var handled = new List<string>();
        foreach (var _ in sent)
        {
            handled.Add((await recorder.NextAsync<SlackMessage>()).Text);
        }

        Assert.Equal(sent.Order(), handled.Order());
        Assert.Equal(25, client.HelloCount);
        Assert.Empty(recorder.Pending());
    }

    [Fact]
    public async Task Link_disabled_stops_the_client_and_says_so_without_reconnecting()
    {
        var client = new SocketModeClient(SlackTestSupport.Client(standIn, http), recorder.HandleAsync, SlackTestSupport.FastReconnects);
        var running = client.RunAsync(stop.Token);
        await standIn.WaitForSocketAsync(1);

        await standIn.DisableSocketModeAsync();

        var error = await Assert.ThrowsAsync<TeamClusterSync.Slack.WebApi.SlackApiException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("link_disabled", error.Error);
        Assert.Equal("Slack turned Socket Mode off for this app (link_disabled)", client.Status.Problem);
        Assert.Single(standIn.CallsTo("apps.connections.open"));
        await standIn.WaitForSocketEventAsync("closed", 1);
    }

    [Fact]
    public async Task At_the_connection_limit_a_refused_socket_is_closed_before_the_next_and_the_retries_back_off()
    {
        standIn.ConnectionLimit = 1;
        Start(recorder.HandleAsync);
        await standIn.WaitForSocketAsync(1);

        // A second replica of the same app: every socket it opens is past the limit. Its delays are a tenth of the
        // defaults, so one second here stands for ten.
        var tenth = new SocketModeOptions { InitialReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(3) };
        using var second = new CancellationTokenSource();
        var replica = new SocketModeClient(SlackTestSupport.Client(standIn, http), recorder.HandleAsync, tenth);
        var running = replica.RunAsync(second.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await second.CancelAsync();
        await running;

        var opens = standIn.CallsTo("apps.connections.open").Count - 1;
        Assert.InRange(opens, 1, 5);
        var refused = standIn.SocketEvents.Where(e => e.Socket > 1).ToList();
        foreach (var number in refused.Where(e => e.Kind == "opened").Select(e => e.Socket).Skip(1))
        {
            // socket n-1 was closed by the client before socket n was opened
            Assert.True(
                refused.FindIndex(e => e.Kind == "closed" && e.Socket == number - 1) < refused.FindIndex(e => e.Kind == "opened" && e.Socket == number),
                $"socket {number} was opened before socket {number - 1} was closed: {string.Join(", ", refused)}");
        }

        Assert.Matches(@"^Socket Mode connection \d ended \(too_many_websockets\); reconnecting$", replica.Status.Problem);
    }

    [Fact]
    public void With_the_default_pacing_a_reconnect_loop_makes_at_most_five_connection_attempts_in_ten_seconds()
    {
        for (var trial = 0; trial < 200; trial++)
        {
            var pacing = new Pacing(new SocketModeOptions());
            var at = TimeSpan.Zero;
            var attempts = 0;
            while ((at += pacing.NextDelay()) <= TimeSpan.FromSeconds(10))
            {
                attempts++;
            }

            Assert.InRange(attempts, 1, 5);
        }
    }

    [Fact]
    public async Task A_silent_socket_is_replaced_and_delivery_resumes_on_the_new_one()
    {
        var client = Start(recorder.HandleAsync, SlackTestSupport.FastReconnects with
        {
            PingInterval = TimeSpan.FromMilliseconds(200),
            PongTimeout = TimeSpan.FromMilliseconds(500),
        });
        await standIn.WaitForSocketAsync(1);

        await standIn.SilenceSocketAsync();
        var ack = await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "still there?");

        Assert.Equal("still there?", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Equal(2, ack.Socket);
        Assert.Equal([("opened", 1), ("silenced", 1), ("opened", 2)], standIn.SocketEvents.Select(e => (e.Kind, e.Socket)));
        Assert.Null(client.Status.Problem);
    }

    [Fact]
    public void The_default_liveness_timings_add_up_to_at_most_45_seconds_from_silence_to_a_new_socket()
    {
        var defaults = new SocketModeOptions();

        // The worst case: silence begins just after a pong; the next ping goes out one interval later and is not answered.
        Assert.True(defaults.PingInterval + defaults.PongTimeout + defaults.InitialReconnectDelay + defaults.OpenTimeout <= TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task A_hung_connections_open_is_cut_off_retried_and_said_while_it_lasts()
    {
        standIn.HangNext("apps.connections.open", times: 2);
        var client = Start(recorder.HandleAsync, SlackTestSupport.FastReconnects with { OpenTimeout = TimeSpan.FromMilliseconds(300) });

        var ack = await standIn.SendMessageAsync("U0ALICE", "D0ALICE", "finally");

        Assert.Equal("finally", (await recorder.NextAsync<SlackMessage>()).Text);
        Assert.Equal(1, ack.Socket);
        Assert.Equal(3, standIn.CallsTo("apps.connections.open").Count);
        Assert.Null(client.Status.Problem);
    }

    private SocketModeClient Start(Func<SlackIncoming, CancellationToken, Task> handler, SocketModeOptions? options = null)
    {
        var client = new SocketModeClient(SlackTestSupport.Client(standIn, http), handler, options ?? SlackTestSupport.FastReconnects);
        run = client.RunAsync(stop.Token);
        return client;
    }
}
