using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// The stand-in's Socket Mode side, as Slack's documents describe it: single-use connection tickets; a <c>hello</c>
/// (with <c>num_connections</c>) on connect; at most <see cref="ConnectionLimit"/> sockets per app, a socket past it
/// told <c>too_many_websockets</c>; WebSocket pings from the server; each envelope given to any one live socket,
/// and an Events API envelope not acknowledged within <see cref="AckWindow"/> sent again (a new envelope id, the same
/// event, <c>retry_attempt</c> + 1, <c>retry_reason</c> <c>timeout</c>) up to 3 times, possibly on another socket;
/// the four <c>disconnect</c> reasons; sockets that go silent (no frame either way, no close); hard drops.
/// </summary>
internal sealed class StandInSocketHub
{
    /// <summary>How long a test waits for something that should happen at once: a bound against hangs, not a speed check.</summary>
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(30);

    /// <summary>Slack retries an unacknowledged event three times.</summary>
    private const int EventRetries = 3;

    private readonly Lock gate = new();
    private readonly HashSet<string> tickets = [];
    private readonly List<StandInSocket> open = [];
    private readonly List<StandInSocket> live = [];
    private readonly List<SocketEvent> events = [];
    private readonly List<SocketAck> acks = [];
    private readonly Dictionary<string, TaskCompletionSource<SocketAck>> pendingAcks = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int sockets;
    private bool linkDisabled;

    /// <summary>How long Slack waits for an ACK before sending an event again: 3 s; tests may shorten it.</summary>
    public TimeSpan AckWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Sockets one app may hold at once (Slack: 10).</summary>
    public int ConnectionLimit { get; set; } = 10;

    /// <summary>How often the server sends a WebSocket ping on each socket.</summary>
    public TimeSpan ServerPingInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<SocketEvent> Events
    {
        get { lock (gate) { return [.. events]; } }
    }

    public IReadOnlyList<SocketAck> Acks
    {
        get { lock (gate) { return [.. acks]; } }
    }

    public string NewTicket()
    {
        var ticket = Guid.NewGuid().ToString("N");
        lock (gate)
        {
            this.tickets.Add(ticket);
        }

        return ticket;
    }

    /// <summary>Serves one WebSocket for the lifetime of the request.</summary>
    public async Task AcceptAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        int number;
        lock (gate)
        {
            // Each URL from apps.connections.open works once, as on Slack.
            if (!context.WebSockets.IsWebSocketRequest || !this.tickets.Remove(ticket))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            number = ++this.sockets;

            // Recorded before the handshake answer, so "opened" precedes anything the client does after connecting.
            AddEventLocked("opened", number);
        }

        using var socket = await StandInSocket.AcceptAsync(number, context, ServerPingInterval);
        string? refusal;
        int count;
        lock (gate)
        {
            refusal = linkDisabled ? "link_disabled" : this.open.Count >= ConnectionLimit ? "too_many_websockets" : null;
            this.open.Add(socket);
            count = this.open.Count;
            if (refusal is null)
            {
                this.live.Add(socket);
            }

            PulseLocked();
        }

        // A refused socket hears why and stays open until the client closes it; it gets no hello and no envelope.
        await socket.SendAsync(refusal is null ? Hello(count) : Disconnect(refusal));
        await ReadUntilClosedAsync(socket);
    }

    /// <summary>Sends an envelope on a live socket (waiting for one) and waits for its ACK, resending events as Slack does.</summary>
    public Task<SocketAck> SendEnvelopeAsync(string type, JsonNode payload, string envelopeId, int retryAttempt) =>
        DeliverAsync(type, payload, envelopeId, retryAttempt, async frame => await (await LiveSocketAsync()).SendAsync(frame));

    /// <summary>
    /// Asks the newest socket to refresh, and sends <paramref name="payload"/> on it at the moment the client closes it
    /// (an event already in flight when the client said goodbye); Slack sends it again elsewhere when it is not acknowledged.
    /// </summary>
    public async Task<SocketAck> RefreshWithEventInFlightAsync(JsonNode payload)
    {
        var socket = await LiveSocketAsync();
        Retire(socket);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivery = DeliverAsync("events_api", payload, Guid.NewGuid().ToString(), 0, frame =>
        {
            socket.OnClientClose = async () =>
            {
                await socket.SendAsync(frame);
                sent.TrySetResult();
            };
            return sent.Task.WaitAsync(TestBound);
        });
        await socket.SendAsync(Disconnect("refresh_requested"));
        return await delivery;
    }

    /// <summary>Sends <c>disconnect</c> with <paramref name="reason"/> on the newest socket; later envelopes go to the client's next one.</summary>
    public async Task RequestDisconnectAsync(string reason)
    {
        var socket = await LiveSocketAsync();
        Retire(socket);
        await socket.SendAsync(Disconnect(reason));
    }

    /// <summary>Socket Mode was turned off for the app: every socket, open or new, is told <c>link_disabled</c>.</summary>
    public async Task DisableLinkAsync()
    {
        List<StandInSocket> all;
        lock (gate)
        {
            linkDisabled = true;
            all = [.. this.open];
            this.live.Clear();
            PulseLocked();
        }

        foreach (var socket in all)
        {
            await socket.SendAsync(Disconnect("link_disabled"));
        }
    }

    /// <summary>Kills the newest socket without a close handshake, like a network failure.</summary>
    public async Task DropAsync()
    {
        var socket = await LiveSocketAsync();
        Retire(socket);
        lock (gate)
        {
            AddEventLocked("dropped", socket.Number);
        }

        socket.Abort();
    }

    /// <summary>
    /// The newest socket goes silent, as a half-open connection does: nothing it is sent is read or answered (not even
    /// WebSocket pings), nothing more is sent on it, and no close comes. Only the client can notice, by its own pings.
    /// </summary>
    public async Task<int> SilenceAsync()
    {
        var socket = await LiveSocketAsync();
        Retire(socket);
        socket.Silence();
        lock (gate)
        {
            AddEventLocked("silenced", socket.Number);
        }

        return socket.Number;
    }

    /// <summary>Waits until an event of <paramref name="kind"/> was recorded for socket <paramref name="number"/>.</summary>
    public Task WaitForEventAsync(string kind, int number) =>
        WaitUntilAsync(() => events.Any(e => e.Kind == kind && e.Socket == number));

    /// <summary>Waits until socket number <paramref name="number"/> has said hello.</summary>
    public Task WaitForSocketAsync(int number) => WaitUntilAsync(() => this.live.Any(s => s.Number >= number));

    /// <summary>Ends every socket (the stand-in stops).</summary>
    public void AbortAll()
    {
        lock (gate)
        {
            foreach (var socket in this.open)
            {
                socket.Abort();
            }
        }
    }

    private static string Hello(int connections) => JsonSerializer.Serialize(new
    {
        type = "hello",
        num_connections = connections,
        debug_info = new { host = "standin", approximate_connection_time = 18060 },
        connection_info = new { app_id = "A0STANDIN" },
    });

    private static string Disconnect(string reason) =>
        JsonSerializer.Serialize(new { type = "disconnect", reason, debug_info = new { host = "standin" } });

    private static string Envelope(string type, JsonNode payload, string envelopeId, int attempt) => new JsonObject
    {
        ["envelope_id"] = envelopeId,
        ["type"] = type,
        ["accepts_response_payload"] = type != "events_api",
        ["payload"] = payload.DeepClone(),
        ["retry_attempt"] = attempt,
        ["retry_reason"] = attempt > 0 ? "timeout" : "",
    }.ToJsonString();

    /// <summary>
    /// Sends the first attempt through <paramref name="sendFirst"/>, then, for an event not acknowledged in time, the
    /// retries to any live socket; completes with the first ACK of any attempt.
    /// </summary>
    private async Task<SocketAck> DeliverAsync(string type, JsonNode payload, string envelopeId, int firstAttempt, Func<string, Task> sendFirst)
    {
        var ack = new TaskCompletionSource<SocketAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastAttempt = type == "events_api" ? Math.Max(firstAttempt, EventRetries) : firstAttempt;
        for (var attempt = firstAttempt; ; attempt++)
        {
            var id = attempt == firstAttempt ? envelopeId : Guid.NewGuid().ToString();
            lock (gate)
            {
                pendingAcks[id] = ack;
            }

            var frame = Envelope(type, payload, id, attempt);
            await (attempt == firstAttempt ? sendFirst(frame) : (await LiveSocketAsync()).SendAsync(frame));
            var window = attempt == lastAttempt ? TestBound : AckWindow;
            if (await Task.WhenAny(ack.Task, Task.Delay(window)) == ack.Task || attempt == lastAttempt)
            {
                return await ack.Task.WaitAsync(TimeSpan.Zero);
            }
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/>, checked under the lock, holds.</summary>
    private async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        while (true)
        {
            Task changed;
            lock (gate)
            {
                if (condition())
                {
                    return;
                }

                changed = this.changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Any one live socket, as Slack picks one of an app's connections for each envelope.</summary>
    private async Task<StandInSocket> LiveSocketAsync()
    {
        using var timeout = new CancellationTokenSource(TestBound);
        while (true)
        {
            Task available;
            lock (gate)
            {
                if (this.live.Count > 0)
                {
                    return this.live[Random.Shared.Next(this.live.Count)];
                }

                available = this.changed.Task;
            }

            await available.WaitAsync(timeout.Token);
        }
    }

    private void Retire(StandInSocket socket)
    {
        lock (gate)
        {
            this.live.Remove(socket);
            PulseLocked();
        }
    }

    private void AddEventLocked(string kind, int number)
    {
        events.Add(new SocketEvent(kind, number, DateTimeOffset.UtcNow));
        PulseLocked();
    }

    /// <summary>Wakes every waiter to re-check the live sockets; called under the lock.</summary>
    private void PulseLocked()
    {
        var changed = this.changed;
        this.changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private async Task ReadUntilClosedAsync(StandInSocket socket)
    {
        try
        {
            while (await socket.ReceiveAsync() is { } text)
            {
                RecordAck(socket.Number, text);
            }

            lock (gate)
            {
                AddEventLocked("closed", socket.Number);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
        }
        finally
        {
            lock (gate)
            {
                this.open.Remove(socket);
            }

            Retire(socket);
        }
    }

    private void RecordAck(int socketNumber, string text)
    {
        if (JsonNode.Parse(text) is not JsonObject frame || frame["envelope_id"]?.GetValue<string>() is not { } envelopeId)
        {
            return; // not an acknowledgement: Slack ignores it
        }

        var ack = new SocketAck(envelopeId, socketNumber, frame["payload"]?.ToJsonString());
        TaskCompletionSource<SocketAck>? pending;
        lock (gate)
        {
            acks.Add(ack);
            pendingAcks.Remove(ack.EnvelopeId, out pending);
        }

        pending?.TrySetResult(ack);
    }
}
