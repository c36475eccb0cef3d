using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.SocketMode;

/// <summary>
/// Receives Slack events over Socket Mode (no public endpoint needed), as Slack's own SDKs do. Every envelope is
/// acknowledged before its handler runs (Slack sends again what is not acknowledged within 3 s); handlers run in the
/// background, and an envelope whose acknowledgement could not be sent is still handled (its redelivery is dropped).
/// Every reconnect is paced with backoff and jitter (see <see cref="Pacing"/>): on <c>refresh_requested</c> /
/// <c>warning</c> the new socket opens before the old one closes, on <c>too_many_websockets</c> the socket closes before
/// another opens, on <c>link_disabled</c> the client stops and says so. WebSocket pings find a socket gone silent; a
/// hung <c>apps.connections.open</c> is cut off and tried again. <see cref="SocketModeStatus.Problem"/> says when no
/// socket is up. Redeliveries are dropped by event id / envelope id; with a journal, each item is written down
/// before its acknowledgement and struck once handled, and a starting client first hands on what a crash left.
/// </summary>
public sealed class SocketModeClient
{
    /// <summary>Errors that no amount of reconnecting will fix: a bad or wrong-kind token.</summary>
    private static readonly HashSet<string> FatalErrors =
        ["invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked", "missing_scope"];

    private readonly SlackClient slack;
    private readonly SocketModeOptions options;
    private readonly ILogger logger;
    private readonly HandledEvents recent;
    private readonly SlackDispatcher dispatcher;
    private readonly SocketModeStatus status;
    private readonly Pacing pacing;
    private int connectionsOpened;
    private int hellos;

    public SocketModeClient(
        SlackClient slack,
        Func<SlackIncoming, CancellationToken, Task> handler,
        SocketModeOptions? options = null,
        ILogger<SocketModeClient>? logger = null,
        SocketModeStatus? status = null)
    {
        this.slack = slack;
        this.options = options ?? new SocketModeOptions();
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        this.status = status ?? new SocketModeStatus();
        pacing = new Pacing(this.options);
        recent = new HandledEvents(this.options.DedupeCapacity, this.options.HandledEventsFile);
        var journal = this.options.JournalDirectory is { } directory ? new EventJournal(directory) : null;
        dispatcher = new SlackDispatcher(handler, recent, this.logger, journal);
    }

    /// <summary>How many <c>hello</c> frames arrived: one per socket that Slack accepted.</summary>
    public int HelloCount => Volatile.Read(ref hellos);

    /// <summary>Whether a socket is up, and if not why; shared with the host's health checks.</summary>
    public SocketModeStatus Status => status;

    /// <summary>
    /// Runs until cancelled. Throws <see cref="SlackApiException"/> only when reconnecting cannot help: Slack refused
    /// the app token, or turned Socket Mode off for the app (<c>link_disabled</c>).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        dispatcher.ResumeUnfinished(cancellationToken);
        var signals = Channel.CreateUnbounded<SocketEnd>();
        SocketModeConnection? current = null;
        try
        {
            current = await ConnectAsync(signals.Writer, cancellationToken);
            await foreach (var end in signals.Reader.ReadAllAsync(cancellationToken))
            {
                if (end.Connection != current)
                {
                    continue; // an old socket finished closing after a refresh: expected
                }

                current = await ReplaceAsync(end, signals.Writer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (current is not null)
            {
                await current.CloseQuietlyAsync();
            }
        }
    }

    /// <summary>The socket that follows <paramref name="end"/>'s, opened before or after closing it as the reason asks.</summary>
    private async Task<SocketModeConnection> ReplaceAsync(SocketEnd end, ChannelWriter<SocketEnd> signals, CancellationToken ct)
    {
        pacing.Ended(end.Connection);
        switch (end.Reason)
        {
            case "link_disabled":
                await end.Connection.CloseQuietlyAsync();
                status.Problem = "Slack turned Socket Mode off for this app (link_disabled)";
                throw new SlackApiException("apps.connections.open", "link_disabled");
            case "refresh_requested" or "warning":
                // The old socket keeps delivering until the new one is up: nothing falls in the gap.
                var next = await ConnectAsync(signals, ct);
                await end.Connection.CloseQuietlyAsync();
                return next;
            default:
                // too_many_websockets: one more socket would be refused too; a dropped or silent socket is gone anyway.
                await end.Connection.CloseQuietlyAsync();
                status.Problem = $"Socket Mode connection {end.Connection.Number} ended ({end.Reason ?? "dropped"}); reconnecting";
                return await ConnectAsync(signals, ct);
        }
    }

    /// <summary>Opens a socket and starts reading it, waiting as <see cref="Pacing"/> says before each try; retries every failure but a refused token.</summary>
    private async Task<SocketModeConnection> ConnectAsync(ChannelWriter<SocketEnd> signals, CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(pacing.NextDelay(), ct);
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bounded.CancelAfter(this.options.OpenTimeout);
                var url = await this.slack.OpenSocketModeConnectionAsync(bounded.Token);
                var connection = await SocketModeConnection.OpenAsync(url, Interlocked.Increment(ref connectionsOpened), this.options, bounded.Token);
                this.logger.LogInformation("Socket Mode connection {Number} opened", connection.Number);
                _ = Task.Run(() => ReadAsync(connection, signals, ct), CancellationToken.None);
                return connection;
            }
            catch (SlackApiException e) when (FatalErrors.Contains(e.Error))
            {
                status.Problem = $"Slack refused the app token ({e.Error})";
                throw;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var why = e is OperationCanceledException ? $"no answer within {this.options.OpenTimeout.TotalSeconds:0.#} s" : e.Message;
                status.Problem = $"Socket Mode cannot connect: {why}; retrying";
                this.logger.LogWarning("Socket Mode connect failed ({Error}); retrying", why);
            }
        }
    }

    /// <summary>Reads one socket to its end; reports a disconnect request at once, or the socket's end when it comes.</summary>
    private async Task ReadAsync(SocketModeConnection connection, ChannelWriter<SocketEnd> signals, CancellationToken ct)
    {
        var told = false;
        try
        {
            while (await connection.ReceiveTextAsync(ct) is { } text)
            {
                if (await HandleFrameAsync(connection, text, ct) is { } reason && !told)
                {
                    this.logger.LogInformation("Socket Mode connection {Number}: disconnect ({Reason})", connection.Number, reason);
                    told = true;
                    signals.TryWrite(new SocketEnd(connection, reason));
                }
            }
        }
        catch (Exception e)
        {
            // Whatever ended it (a drop, a missed pong, a frame that is not JSON), a new socket follows; at shutdown, none.
            if (!ct.IsCancellationRequested)
            {
                this.logger.LogWarning("Socket Mode connection {Number} ended: {Error}", connection.Number, e.Message);
            }
        }
        finally
        {
            await connection.DisposeAsync();
            if (!ct.IsCancellationRequested && !told)
            {
                signals.TryWrite(new SocketEnd(connection, null));
            }
        }
    }

    /// <summary>Handles one frame; returns the disconnect reason when Slack asks the client to go.</summary>
    private async Task<string?> HandleFrameAsync(SocketModeConnection connection, string text, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(text);
        var frame = document.RootElement;
        var type = frame.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "hello":
                Interlocked.Increment(ref hellos);
                pacing.Hello(connection);
                status.Problem = null;
                return null;
            case "disconnect":
                return frame.TryGetProperty("reason", out var r) ? r.GetString() ?? "unknown" : "unknown";
        }

        if (!frame.TryGetProperty("envelope_id", out var idElement) || idElement.GetString() is not { } envelopeId)
        {
            return null;
        }

        var items = Receive(envelopeId, type, frame);
        try
        {
            await connection.SendTextAsync(AckFor(envelopeId, type, frame), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The socket is closing (a refresh): Slack sends the envelope again, and that copy is dropped as seen, so
            // this one must be handled. The reader notices the socket's end by itself.
            this.logger.LogInformation("could not acknowledge {Envelope} on connection {Number} ({Error}); handling it anyway", envelopeId, connection.Number, e.Message);
        }

        foreach (var (item, deliveryId, journalKey) in items)
        {
            _ = dispatcher.Dispatch(item, deliveryId, ct, journalKey);
        }

        return null;
    }

    private string AckFor(string envelopeId, string? type, JsonElement frame)
    {
        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        if (type == "slash_commands" && this.options.SlashCommandAckText is { } text
            && frame.TryGetProperty("accepts_response_payload", out var accepts) && accepts.ValueKind == JsonValueKind.True)
        {
            ack["payload"] = new JsonObject { ["text"] = text };
        }

        return ack.ToJsonString();
    }

    /// <summary>The items of a new envelope (none for a redelivery), journaled before the caller acknowledges it.</summary>
    private List<(SlackIncoming Item, string DeliveryId, string JournalKey)> Receive(string envelopeId, string? type, JsonElement frame)
    {
        if (!frame.TryGetProperty("payload", out var payload))
        {
            return [];
        }

        var dedupeKey = type == "events_api" ? SlackPayloadParser.EventId(payload) ?? envelopeId : envelopeId;
        if (!recent.TryAdd(dedupeKey))
        {
            this.logger.LogDebug("Dropped redelivery {Id}", dedupeKey);
            return [];
        }

        IReadOnlyList<SlackIncoming> items = type switch
        {
            "events_api" => SlackPayloadParser.ParseEventCallback(payload) is { } m ? [m] : [],
            "slash_commands" => SlackPayloadParser.ParseSlashCommand(name => payload.TryGetProperty(name, out var v) ? v.GetString() : null) is { } c ? [c] : [],
            "interactive" => SlackPayloadParser.ParseInteractive(payload),
            _ => [],
        };
        var received = items.Select((item, i) => (item, dedupeKey, items.Count == 1 ? dedupeKey : $"{dedupeKey}-{i}")).ToList();
        foreach (var (item, _, key) in received)
        {
            dispatcher.Journal(key, item);
        }

        return received;
    }

    /// <summary>A socket's end: the <c>disconnect</c> reason Slack gave, or null when it dropped, went silent or closed.</summary>
    private sealed record SocketEnd(SocketModeConnection Connection, string? Reason);
}
