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
/// dropped socket is reopened with exponential backoff. Redeliveries are dropped by event id / envelope id.
/// </summary>
public sealed class SocketModeClient
{
    /// <summary>Errors that no amount of reconnecting will fix: a bad or wrong-kind token.</summary>
    private static readonly HashSet<string> FatalErrors =
        ["invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked", "missing_scope"];

    private readonly SlackClient _slack;
    private readonly Func<SlackIncoming, CancellationToken, Task> _handler;
    private readonly SocketModeOptions _options;
    private readonly ILogger _logger;
    private readonly RecentIds _recent;
    private int _connectionsOpened;
    private int _failuresSinceHello;
    private int _hellos;

    public SocketModeClient(
        SlackClient slack,
        Func<SlackIncoming, CancellationToken, Task> handler,
        SocketModeOptions? options = null,
        ILogger<SocketModeClient>? logger = null)
    {
        _slack = slack;
        _handler = handler;
        _options = options ?? new SocketModeOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _recent = new RecentIds(_options.DedupeCapacity);
    }

    /// <summary>How many <c>hello</c> frames arrived: one per socket that Slack accepted.</summary>
    public int HelloCount => Volatile.Read(ref _hellos);

    /// <summary>Runs until cancelled; throws only for a token Slack refuses (reconnecting cannot help).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var signals = Channel.CreateUnbounded<(SocketModeConnection Connection, bool Refresh)>();
        SocketModeConnection? current = null;
        try
        {
            current = await ConnectWithBackoffAsync(cancellationToken).ConfigureAwait(false);
            StartReading(current, signals.Writer, cancellationToken);
            await foreach (var (connection, refresh) in signals.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (connection != current)
                {
                    continue; // an old socket finished closing after a refresh: expected
                }

                var old = current;
                current = await ConnectWithBackoffAsync(cancellationToken).ConfigureAwait(false);
                StartReading(current, signals.Writer, cancellationToken);
                if (refresh)
                {
                    await old.CloseQuietlyAsync().ConfigureAwait(false);
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
                await current.CloseQuietlyAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<SocketModeConnection> ConnectWithBackoffAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_failuresSinceHello > 0)
            {
                await Task.Delay(Backoff(_failuresSinceHello), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var url = await _slack.OpenSocketModeConnectionAsync(cancellationToken).ConfigureAwait(false);
                var connection = await SocketModeConnection.OpenAsync(url, Interlocked.Increment(ref _connectionsOpened), cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Socket Mode connection {Number} opened", connection.Number);
                return connection;
            }
            catch (SlackApiException e) when (FatalErrors.Contains(e.Error))
            {
                throw;
            }
            catch (Exception e) when (e is SlackApiException or HttpRequestException or WebSocketException)
            {
                Interlocked.Increment(ref _failuresSinceHello);
                _logger.LogWarning("Socket Mode connect failed ({Error}); retrying", e.Message);
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = _options.InitialReconnectDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        return delay > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : delay;
    }

    private void StartReading(SocketModeConnection connection, ChannelWriter<(SocketModeConnection, bool)> signals, CancellationToken cancellationToken) =>
        _ = Task.Run(() => ReadAsync(connection, signals, cancellationToken), CancellationToken.None);

    /// <summary>Reads one socket to its end; reports a refresh request at once and the socket's end when it comes.</summary>
    private async Task ReadAsync(SocketModeConnection connection, ChannelWriter<(SocketModeConnection, bool)> signals, CancellationToken cancellationToken)
    {
        var refreshed = false;
        try
        {
            while (await connection.ReceiveTextAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                if (await HandleFrameAsync(connection, text, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    _logger.LogInformation("Socket Mode connection {Number}: disconnect ({Reason})", connection.Number, reason);
                    refreshed = true;
                    signals.TryWrite((connection, true));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            _logger.LogWarning("Socket Mode connection {Number} ended: {Error}", connection.Number, e.Message);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested && !refreshed)
            {
                Interlocked.Increment(ref _failuresSinceHello);
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
                Interlocked.Increment(ref _hellos);
                Volatile.Write(ref _failuresSinceHello, 0);
                return null;
            case "disconnect":
                return frame.TryGetProperty("reason", out var r) ? r.GetString() ?? "unknown" : "unknown";
        }

        if (!frame.TryGetProperty("envelope_id", out var idElement) || idElement.GetString() is not { } envelopeId)
        {
            return null;
        }

        await connection.SendTextAsync(AckFor(envelopeId, type, frame), cancellationToken).ConfigureAwait(false);
        Dispatch(envelopeId, type, frame, cancellationToken);
        return null;
    }

    private string AckFor(string envelopeId, string? type, JsonElement frame)
    {
        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        if (type == "slash_commands" && _options.SlashCommandAckText is { } text
            && frame.TryGetProperty("accepts_response_payload", out var accepts) && accepts.ValueKind == JsonValueKind.True)
        {
            ack["payload"] = new JsonObject { ["text"] = text };
        }

        return ack.ToJsonString();
    }

    private void Dispatch(string envelopeId, string? type, JsonElement frame, CancellationToken cancellationToken)
    {
        if (!frame.TryGetProperty("payload", out var payload))
        {
            return;
        }

        var dedupeKey = type == "events_api" ? SlackPayloadParser.EventId(payload) ?? envelopeId : envelopeId;
        if (!_recent.TryAdd(dedupeKey))
        {
            _logger.LogDebug("Dropped redelivery {Id}", dedupeKey);
            return;
        }

        IReadOnlyList<SlackIncoming> items = type switch
        {
            "events_api" => SlackPayloadParser.ParseEventCallback(payload) is { } m ? [m] : [],
            "slash_commands" => SlackPayloadParser.ParseSlashCommand(name => payload.TryGetProperty(name, out var v) ? v.GetString() : null) is { } c ? [c] : [],
            "interactive" => SlackPayloadParser.ParseInteractive(payload),
            _ => [],
        };
        foreach (var item in items)
        {
            _ = SlackHandlerRunner.RunAsync(_handler, item, _logger, cancellationToken);
        }
    }
}
