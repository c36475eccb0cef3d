using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// The stand-in's Socket Mode side: single-use connection tickets, a hello on connect, envelopes pushed to the
/// newest live socket, ACKs recorded and handed back to the pushing test, disconnect requests and hard drops.
/// </summary>
internal sealed class StandInSocketHub
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock gate = new();
    private readonly HashSet<string> tickets = [];
    private readonly List<StandInSocket> live = [];
    private readonly List<SocketEvent> events = [];
    private readonly List<SocketAck> acks = [];
    private readonly Dictionary<string, TaskCompletionSource<SocketAck>> pendingAcks = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int sockets;

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

        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        var socket = new StandInSocket(number, webSocket, context);
        await socket.SendAsync(JsonSerializer.Serialize(new
        {
            type = "hello",
            num_connections = 1,
            debug_info = new { host = "standin", approximate_connection_time = 18060 },
            connection_info = new { app_id = "A0STANDIN" },
        }));
        lock (gate)
        {
            this.live.Add(socket);
            PulseLocked();
        }

        await ReadUntilClosedAsync(socket);
    }

    /// <summary>Sends an envelope on the newest live socket (waiting for one) and waits for its ACK.</summary>
    public async Task<SocketAck> SendEnvelopeAsync(string type, JsonNode payload, string envelopeId, int retryAttempt)
    {
        var ack = new TaskCompletionSource<SocketAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            pendingAcks[envelopeId] = ack;
        }

        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = type,
            ["accepts_response_payload"] = type != "events_api",
            ["payload"] = payload.DeepClone(),
            ["retry_attempt"] = retryAttempt,
            ["retry_reason"] = retryAttempt > 0 ? "timeout" : "",
        };
        var socket = await LiveSocketAsync();
        await socket.SendAsync(envelope.ToJsonString());
        return await ack.Task.WaitAsync(AckTimeout);
    }

    /// <summary>Asks the client to reconnect; the old socket stays open until the client closes it.</summary>
    public async Task RequestDisconnectAsync(string reason)
    {
        var socket = await LiveSocketAsync();
        Retire(socket);
        await socket.SendAsync(JsonSerializer.Serialize(new
        {
            type = "disconnect",
            reason,
            debug_info = new { host = "standin" },
        }));
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

    /// <summary>Waits until an event of <paramref name="kind"/> was recorded for socket <paramref name="number"/>.</summary>
    public Task WaitForEventAsync(string kind, int number) =>
        WaitUntilAsync(() => events.Any(e => e.Kind == kind && e.Socket == number));

    /// <summary>Waits until socket number <paramref name="number"/> has said hello.</summary>
    public Task WaitForSocketAsync(int number) => WaitUntilAsync(() => this.live.Any(s => s.Number >= number));

    /// <summary>Waits (bounded) until <paramref name="condition"/>, checked under the lock, holds.</summary>
    private async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(AckTimeout);
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

    private async Task<StandInSocket> LiveSocketAsync()
    {
        using var timeout = new CancellationTokenSource(AckTimeout);
        while (true)
        {
            Task available;
            lock (gate)
            {
                if (this.live.Count > 0)
                {
                    return this.live[^1];
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
            Retire(socket);
        }
    }

    private void RecordAck(int socketNumber, string text)
    {
        var frame = JsonNode.Parse(text)!.AsObject();
        var ack = new SocketAck((string)frame["envelope_id"]!, socketNumber, frame["payload"]?.ToJsonString());
        TaskCompletionSource<SocketAck>? pending;
        lock (gate)
        {
            acks.Add(ack);
            pendingAcks.Remove(ack.EnvelopeId, out pending);
        }

        pending?.TrySetResult(ack);
    }

    /// <summary>One server-side socket with serialized sends.</summary>
    private sealed class StandInSocket(int number, WebSocket webSocket, HttpContext context) : IDisposable
    {
        private readonly SemaphoreSlim send = new(1, 1);

        public int Number { get; } = number;

        public void Dispose() => send.Dispose();

        public async Task SendAsync(string text)
        {
            await send.WaitAsync();
            try
            {
                await webSocket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                send.Release();
            }
        }

        public async Task<string?> ReceiveAsync()
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[4096];
            while (true)
            {
                var result = await webSocket.ReceiveAsync(chunk, context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return null;
                }

                buffer.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(buffer.ToArray());
                }
            }
        }

        public void Abort() => context.Abort();
    }
}
