using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// A Slack workspace on loopback for tests: the Web API methods the bot uses (real response shapes), the file
/// upload URL, and Socket Mode (see <see cref="StandInSocketHub"/>). It enforces what Slack documents: Block Kit's
/// limits (<c>invalid_blocks</c> with <c>response_metadata.messages</c>), <c>chat.update</c> keeping the blocks it was
/// not sent, single-use socket URLs, event retries, the connection limit. Records every call with its token and
/// User-Agent, holds users, user groups, DMs, posted messages and uploads, and injects faults: 429 with Retry-After,
/// <c>ok:false</c>, 5xx, hangs, the four disconnect reasons, dropped and silent sockets, duplicate deliveries.
/// </summary>
public sealed class SlackStandIn : IAsyncDisposable
{
    /// <summary>The only bot token the stand-in accepts.</summary>
    public const string BotToken = "xoxb-standin-bot-token-1234";

    /// <summary>The only app-level token the stand-in accepts (apps.connections.open).</summary>
    public const string AppToken = "xapp-standin-app-token-5678";

    /// <summary>The bot's own user id, as auth.test reports it.</summary>
    public const string BotUserId = StandInWorkspace.BotUserId;

    /// <summary>The stand-in workspace's team id, as auth.test and its members' users.info name it.</summary>
    public const string TeamId = "T0STANDIN";

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<SlackCall> calls = [];
    private readonly Dictionary<string, Queue<Fault>> faults = [];
    private readonly StandInSocketHub sockets = new();
    private readonly StandInWorkspace workspace;
    private int duplicateNext;

    private SlackStandIn(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
        this.workspace = new StandInWorkspace(
            fileId => new Uri(baseUrl, $"upload/{fileId}"),
            () => new Uri($"ws://{baseUrl.Authority}/socket-mode?ticket={this.sockets.NewTicket()}"));
    }

    /// <summary>The server root (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>What <c>SLACK_API_URL</c> should be for a client talking to this stand-in.</summary>
    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    public IReadOnlyList<SlackCall> Calls
    {
        get { lock (gate) { return [.. this.calls]; } }
    }

    public IReadOnlyList<PostedMessage> Messages => this.workspace.Messages;

    public IReadOnlyList<UploadedFile> Uploads => this.workspace.Uploads;

    /// <summary>The App Home view last published for each user id (views.publish), as JSON text.</summary>
    public IReadOnlyDictionary<string, string> HomeViews => this.workspace.HomeViews;

    public IReadOnlyList<StandInUsergroup> Usergroups => this.workspace.Usergroups;

    /// <summary>Socket opens, client closes and drops, in the order they happened.</summary>
    public IReadOnlyList<SocketEvent> SocketEvents => this.sockets.Events;

    /// <summary>Every envelope ACK the client sent.</summary>
    public IReadOnlyList<SocketAck> Acks => this.sockets.Acks;

    /// <param name="port">0: any free port; a given one lets a test bring "Slack" up where a client already looks for it.</param>
    public static async Task<SlackStandIn> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        SlackStandIn? standIn = null;
        app.UseWebSockets();
        app.MapPost("/api/{method}", (HttpContext context, string method) => standIn!.ApiAsync(context, method));
        app.MapPost("/upload/{fileId}", (HttpContext context, string fileId) => standIn!.UploadAsync(context, fileId));
        app.Map("/socket-mode", (HttpContext context) => standIn!.sockets.AcceptAsync(context));
        await app.StartAsync();
        standIn = new SlackStandIn(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        return standIn;
    }

    public IReadOnlyList<SlackCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    public StandInUser AddUser(string id, string name, string? email, bool isBot = false, bool deleted = false, bool isGuest = false) =>
        AddUser(new StandInUser(id, name, email, isBot, deleted, isGuest));

    /// <summary>Adds any account, a stranger or one with an unconfirmed email too.</summary>
    public StandInUser AddUser(StandInUser user)
    {
        this.workspace.AddUser(user);
        return user;
    }

    /// <summary>Adds an existing user group; returns its id (<c>S...</c>).</summary>
    public string AddUsergroup(string handle, string name, IReadOnlyList<string> users, bool enabled = true) =>
        this.workspace.AddUsergroup(handle, name, users, enabled);

    /// <summary>The DM channel id between the bot and a user (the same id conversations.open returns).</summary>
    public string DirectMessageChannel(string userId) => this.workspace.DirectMessageChannel(userId);

    /// <summary>
    /// The bot token is an org-wide app's on Enterprise Grid: users.list, conversations.list and usergroups.* answer
    /// <c>missing_argument</c> (<c>arg: team_id</c>) to a call that does not name the workspace.
    /// </summary>
    public void ActAsOrgWideApp() => this.workspace.OrgWide = true;

    /// <summary>The bot's DM with a user is gone: posts to its old id answer <c>channel_not_found</c>, conversations.open gives a new one.</summary>
    public void RetireDirectMessage(string userId) => this.workspace.RetireDirectMessage(userId);

    /// <summary>A public channel the bot is in (conversations.list lists it); a first post to <c>#name</c> also makes one.</summary>
    public void AddChannel(string name) => this.workspace.AddChannel(name);

    /// <summary>The ts of the messages pinned in a channel (pins.add), in the order they were pinned.</summary>
    public IReadOnlyList<string> PinnedIn(string channelId) => this.workspace.PinnedIn(channelId);

    /// <summary>The id of the public channel a post to <c>#name</c> lands in.</summary>
    public static string ChannelId(string name) => StandInWorkspace.ChannelId(name);

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> answer <c>ok:false</c> with <paramref name="error"/>.</summary>
    public void FailNext(string method, string error, int times = 1) => AddFault(method, new Fault(200, error, null), times);

    /// <summary>The next calls of <paramref name="method"/> answer HTTP 429 with <c>Retry-After</c>.</summary>
    public void RateLimitNext(string method, int retryAfterSeconds, int times = 1) => AddFault(method, new Fault(429, "ratelimited", retryAfterSeconds), times);

    /// <summary>The next calls of <paramref name="method"/> answer with an HTTP server error.</summary>
    public void ServerErrorNext(string method, int status = 500, int times = 1) => AddFault(method, new Fault(status, null, null), times);

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> are recorded and never answered (until the caller gives up).</summary>
    public void HangNext(string method, int times = 1) => AddFault(method, Fault.Hang, times);

    /// <summary>Faults still queued for <paramref name="method"/> are forgotten: it answers normally again.</summary>
    public void ClearFaults(string method)
    {
        lock (gate)
        {
            this.faults.Remove(method);
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> envelopes are delivered twice: events again under a new envelope id
    /// with the same event_id (retry_attempt 1, as Slack retries), other types with the same envelope id.
    /// </summary>
    public void DuplicateNextDeliveries(int count = 1) => Interlocked.Exchange(ref duplicateNext, count);

    public Task<SocketAck> SendMessageAsync(string userId, string channelId, string text, string channelType = "im") =>
        SendEventAsync(SlackPayloads.MessageEvent(userId, channelId, text, channelType));

    public Task<SocketAck> SendMentionAsync(string userId, string channelId, string text) =>
        SendEventAsync(SlackPayloads.MentionEvent(userId, channelId, text));

    /// <summary>Delivers an Events API event over Socket Mode; completes with the client's ACK.</summary>
    public Task<SocketAck> SendEventAsync(JsonObject evt, string? eventId = null) =>
        SendEnvelopeAsync("events_api", SlackPayloads.EventCallback(evt, eventId));

    public Task<SocketAck> SendSlashCommandAsync(string userId, string channelId, string text, string command = "/teamcluster") =>
        SendEnvelopeAsync("slash_commands", JsonSerializer.SerializeToNode(SlackPayloads.SlashCommand(userId, channelId, text, command))!);

    /// <summary>The user opened the bot's App Home tab (<c>app_home_opened</c>, tab <c>home</c>).</summary>
    public Task<SocketAck> SendHomeOpenedAsync(string userId) =>
        SendEventAsync(SlackPayloads.HomeOpenedEvent(userId, DirectMessageChannel(userId)));

    /// <summary>A button press on the user's Home tab: the container is the view, there is no channel or message.</summary>
    public Task<SocketAck> SendHomeBlockActionAsync(string userId, string actionId, string value) =>
        SendEnvelopeAsync("interactive", SlackPayloads.HomeBlockActions(userId, actionId, value));

    /// <summary>A button press on a message over Socket Mode, its payload as <see cref="BlockActionPayload"/> makes it.</summary>
    public Task<SocketAck> SendBlockActionAsync(string userId, string channelId, string messageTs, string actionId, string value) =>
        SendEnvelopeAsync("interactive", BlockActionPayload(userId, channelId, messageTs, actionId, value));

    /// <summary>
    /// The <c>block_actions</c> payload Slack sends for a press (over Socket Mode or HTTP): for a message the bot posted,
    /// with the message as it now is (the bot's <c>user</c> and <c>bot_id</c>, its text and blocks) and the button's text;
    /// a button the message no longer shows cannot be pressed (this throws).
    /// </summary>
    public JsonObject BlockActionPayload(string userId, string channelId, string messageTs, string actionId, string value)
    {
        var payload = SlackPayloads.BlockActions(userId, channelId, messageTs, actionId, value);
        if (Messages.LastOrDefault(m => m.Channel == channelId && m.Ts == messageTs) is { } message)
        {
            var button = (message.Blocks is null ? [] : JsonNode.Parse(message.Blocks)!.AsArray())
                .Where(b => b?["type"]?.GetValue<string>() == "actions")
                .SelectMany(b => b!["elements"]!.AsArray())
                .FirstOrDefault(e => e?["action_id"]?.GetValue<string>() == actionId && e["value"]?.GetValue<string>() == value)
                ?? throw new InvalidOperationException($"message {messageTs} shows no button {actionId} = {value}: it cannot be pressed");
            payload["message"] = new JsonObject
            {
                ["type"] = "message",
                ["user"] = BotUserId,
                ["bot_id"] = "B0STANDIN",
                ["ts"] = message.Ts,
                ["text"] = message.Text,
                ["blocks"] = message.Blocks is null ? null : JsonNode.Parse(message.Blocks),
            };
            payload["actions"]![0]!["text"] = button["text"]!.DeepClone();
        }

        return payload;
    }

    /// <summary>Sends any envelope on the newest socket (waiting for one) and completes with its ACK.</summary>
    public async Task<SocketAck> SendEnvelopeAsync(string type, JsonNode payload, string? envelopeId = null)
    {
        envelopeId ??= Guid.NewGuid().ToString();
        var ack = await this.sockets.SendEnvelopeAsync(type, payload, envelopeId, retryAttempt: 0);
        if (TakeDuplicate())
        {
            var again = type == "events_api" ? Guid.NewGuid().ToString() : envelopeId;
            await this.sockets.SendEnvelopeAsync(type, payload, again, retryAttempt: 1);
        }

        return ack;
    }

    /// <summary>Sends <c>disconnect</c> on the newest socket; later envelopes wait for the client's new socket.</summary>
    public Task RequestRefreshAsync(string reason = "refresh_requested") => this.sockets.RequestDisconnectAsync(reason);

    /// <summary>
    /// Asks for a refresh and sends <paramref name="evt"/> on the old socket just as the client closes it; completes with
    /// the ACK of whichever attempt was acknowledged (Slack sends an unacknowledged event again, on any socket).
    /// </summary>
    public Task<SocketAck> RefreshWithEventInFlightAsync(JsonObject evt) =>
        this.sockets.RefreshWithEventInFlightAsync(SlackPayloads.EventCallback(evt, null));

    /// <summary>Socket Mode is turned off for the app: open and new sockets are told <c>link_disabled</c>.</summary>
    public Task DisableSocketModeAsync() => this.sockets.DisableLinkAsync();

    /// <summary>The newest socket goes silent (half-open: no frame either way, no close); returns its number.</summary>
    public Task<int> SilenceSocketAsync() => this.sockets.SilenceAsync();

    /// <summary>How long an event waits for its ACK before Slack sends it again (3 s, as on Slack; tests may shorten it).</summary>
    public TimeSpan AckWindow
    {
        get => this.sockets.AckWindow;
        set => this.sockets.AckWindow = value;
    }

    /// <summary>Sockets the app may hold at once (10, as on Slack); one past it is told <c>too_many_websockets</c>.</summary>
    public int ConnectionLimit
    {
        get => this.sockets.ConnectionLimit;
        set => this.sockets.ConnectionLimit = value;
    }

    /// <summary>Kills the newest socket without a close handshake.</summary>
    public Task DropSocketAsync() => this.sockets.DropAsync();

    /// <summary>Waits until socket number <paramref name="number"/> (1-based) is connected and greeted.</summary>
    public Task WaitForSocketAsync(int number) => this.sockets.WaitForSocketAsync(number);

    /// <summary>Waits until a <see cref="SocketEvent"/> of <paramref name="kind"/> is recorded for socket <paramref name="number"/>.</summary>
    public Task WaitForSocketEventAsync(string kind, int number) => this.sockets.WaitForEventAsync(kind, number);

    public async ValueTask DisposeAsync()
    {
        this.sockets.AbortAll();
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task ApiAsync(HttpContext context, string method)
    {
        var args = await ReadArgsAsync(context.Request);
        var token = BearerToken(context.Request) ?? args.GetValueOrDefault("token");
        var fault = TakeFault(method);
        var status = fault?.Status ?? 200;
        lock (gate)
        {
            this.calls.Add(new SlackCall(method, args, token, DateTimeOffset.UtcNow, status) { UserAgent = context.Request.Headers.UserAgent.ToString() });
        }

        if (fault == Fault.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (fault is { RetryAfter: { } seconds })
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = fault switch
        {
            { Status: not 200 } => fault.Error is null ? null : StandInWorkspace.Error(fault.Error),
            { Error: { } error } => StandInWorkspace.Error(error),
            _ => AuthError(method, token) is { } authError ? StandInWorkspace.Error(authError) : this.workspace.Invoke(method, args) ?? StandInWorkspace.Error("unknown_method"),
        };
        context.Response.StatusCode = status;
        if (body is not null)
        {
            await context.Response.WriteAsJsonAsync(body);
        }
    }

    private async Task UploadAsync(HttpContext context, string fileId)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        lock (gate)
        {
            this.calls.Add(new SlackCall("upload", new Dictionary<string, string> { ["file_id"] = fileId }, BearerToken(context.Request), DateTimeOffset.UtcNow, 200));
        }

        context.Response.StatusCode = this.workspace.StoreUploadBytes(fileId, buffer.ToArray()) ? 200 : 404;
    }

    private static string? AuthError(string method, string? token) => (method, token) switch
    {
        (_, null or "") => "not_authed",
        ("apps.connections.open", AppToken) => null,
        ("apps.connections.open", _) => token.StartsWith("xapp-", StringComparison.Ordinal) ? "invalid_auth" : "not_allowed_token_type",
        (_, BotToken) => null,
        _ => token.StartsWith("xapp-", StringComparison.Ordinal) ? "not_allowed_token_type" : "invalid_auth",
    };

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    private static async Task<Dictionary<string, string>> ReadArgsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }

        var json = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        return json.Where(p => p.Value is not null).ToDictionary(
            p => p.Key,
            p => p.Value!.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString());
    }

    private void AddFault(string method, Fault fault, int times)
    {
        lock (gate)
        {
            if (!this.faults.TryGetValue(method, out var queue))
            {
                this.faults[method] = queue = new Queue<Fault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    private Fault? TakeFault(string method)
    {
        lock (gate)
        {
            return this.faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
        }
    }

    private bool TakeDuplicate()
    {
        while (true)
        {
            var current = Volatile.Read(ref duplicateNext);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref duplicateNext, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    private sealed record Fault(int Status, string? Error, int? RetryAfter)
    {
        /// <summary>Never answer.</summary>
        public static readonly Fault Hang = new(0, "hang", null);
    }
}
