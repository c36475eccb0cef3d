using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.SocketMode;

/// <summary>
/// Receives Slack events over Socket Mode (no public endpoint needed). Every envelope is acknowledged before its
/// handler runs, since Slack redelivers anything not acknowledged within 3 s; handlers run in the background.
/// On <c>disconnect</c> a new socket is opened before the old one is closed, so nothing falls in the gap; a
/// dropped socket is reopened with exponential backoff. Redeliveries are dropped by event id / envelope id. With a
/// journal, each item is written down before its acknowledgement and struck once handled; a starting client
/// first hands its handler what a crash left unfinished.
/// </summary>
public sealed class SocketModeClient
{
    /// <summary>Errors that no amount of reconnecting will fix: a bad or wrong-kind token.</summary>
    private static readonly HashSet<string> FatalErrors =
        ["invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked", "missing_scope"];

    private readonly SlackClient slack;
    private readonly Func<SlackIncoming, CancellationToken, Task> handler;
    private readonly SocketModeOptions options;
    private readonly ILogger logger;
    private readonly HandledEvents recent;
    private readonly SlackDispatcher dispatcher;
    private int connectionsOpened;
    private int failuresSinceHello;
    private int hellos;

    public SocketModeClient(
        SlackClient slack,
        Func<SlackIncoming, CancellationToken, Task> handler,
        SocketModeOptions? options = null,
        ILogger<SocketModeClient>? logger = null)
    {
        this.slack = slack;
        this.handler = handler;
        this.options = options ?? new SocketModeOptions();
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        recent = new HandledEvents(this.options.DedupeCapacity, this.options.HandledEventsFile);
        var journal = this.options.JournalDirectory is { } directory ? new EventJournal(directory) : null;
        dispatcher = new SlackDispatcher(handler, recent, this.logger, journal);
    }

    /// <summary>How many <c>hello</c> frames arrived: one per socket that Slack accepted.</summary>
    public int HelloCount => Volatile.Read(ref hellos);

    /// <summary>Runs until cancelled; throws only for a token Slack refuses (reconnecting cannot help).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        dispatcher.ResumeUnfinished(cancellationToken);
        var signals = Channel.CreateUnbounded<(SocketModeConnection Connection, bool Refresh)>();
        SocketModeConnection? current = null;
        try
        {
            current = await ConnectWithBackoffAsync(cancellationToken);
            StartReading(current, signals.Writer, cancellationToken);
            await foreach (var (connection, refresh) in signals.Reader.ReadAllAsync(cancellationToken))
            {
                if (connection != current)
                {
                    continue; // an old socket finished closing after a refresh: expected
                }

                var old = current;
                current = await ConnectWithBackoffAsync(cancellationToken);
                StartReading(current, signals.Writer, cancellationToken);
                if (refresh)
                {
                    await old.CloseQuietlyAsync();
                }
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

    private async Task<SocketModeConnection> ConnectWithBackoffAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (failuresSinceHello > 0)
            {
                await Task.Delay(Backoff(failuresSinceHello), cancellationToken);
            }

            try
            {
                var url = await this.slack.OpenSocketModeConnectionAsync(cancellationToken);
                var connection = await SocketModeConnection.OpenAsync(url, Interlocked.Increment(ref connectionsOpened), cancellationToken);
                this.logger.LogInformation("Socket Mode connection {Number} opened", connection.Number);
                return connection;
            }
            catch (SlackApiException e) when (FatalErrors.Contains(e.Error))
            {
                throw;
            }
            catch (Exception e) when (e is SlackApiException or HttpRequestException or WebSocketException)
            {
                Interlocked.Increment(ref failuresSinceHello);
                this.logger.LogWarning("Socket Mode connect failed ({Error}); retrying", e.Message);
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = this.options.InitialReconnectDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        return delay > this.options.MaxReconnectDelay ? this.options.MaxReconnectDelay : delay;
    }

    private void StartReading(SocketModeConnection connection, ChannelWriter<(SocketModeConnection, bool)> signals, CancellationToken cancellationToken) =>
        _ = Task.Run(() => ReadAsync(connection, signals, cancellationToken), CancellationToken.None);

    /// <summary>Reads one socket to its end; reports a refresh request at once and the socket's end when it comes.</summary>
    private async Task ReadAsync(SocketModeConnection connection, ChannelWriter<(SocketModeConnection, bool)> signals, CancellationToken cancellationToken)
    {
        var refreshed = false;
        try
        {
            while (await connection.ReceiveTextAsync(cancellationToken) is { } text)
            {
                if (await HandleFrameAsync(connection, text, cancellationToken) is { } reason)
                {
                    this.logger.LogInformation("Socket Mode connection {Number}: disconnect ({Reason})", connection.Number, reason);
                    refreshed = true;
                    signals.TryWrite((connection, true));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            this.logger.LogWarning("Socket Mode connection {Number} ended: {Error}", connection.Number, e.Message);
        }
        finally
        {
            await connection.DisposeAsync();
            if (!cancellationToken.IsCancellationRequested && !refreshed)
            {
                Interlocked.Increment(ref failuresSinceHello);
                signals.TryWrite((connection, false));
            }
        }
    }

    /// <summary>Handles one frame; returns the disconnect reason when Slack asks for a new socket.</summary>
    private async Task<string?> HandleFrameAsync(SocketModeConnection connection, string text, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(text);
        var frame = document.RootElement;
        var type = frame.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "hello":
                Interlocked.Increment(ref hellos);
                Volatile.Write(ref failuresSinceHello, 0);
                return null;
            case "disconnect":
                return frame.TryGetProperty("reason", out var r) ? r.GetString() ?? "unknown" : "unknown";
        }

        if (!frame.TryGetProperty("envelope_id", out var idElement) || idElement.GetString() is not { } envelopeId)
        {
            return null;
        }

        var items = Receive(envelopeId, type, frame);
        await connection.SendTextAsync(AckFor(envelopeId, type, frame), cancellationToken);
        foreach (var (item, deliveryId, journalKey) in items)
        {
            _ = dispatcher.Dispatch(item, deliveryId, cancellationToken, journalKey);
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
}
