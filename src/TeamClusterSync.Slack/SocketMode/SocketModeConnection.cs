using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace TeamClusterSync.Slack.SocketMode;

/// <summary>
/// One Socket Mode WebSocket. Sends are serialized (a WebSocket allows one send at a time, and ACKs race with
/// the close sent during a refresh); receiving is done by a single reader.
/// </summary>
internal sealed class SocketModeConnection : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly SemaphoreSlim sendLock = new(1, 1);

    private SocketModeConnection(ClientWebSocket socket, int number)
    {
        this.socket = socket;
        Number = number;
    }

    /// <summary>1 for the first socket of a client, counting up; for logs.</summary>
    public int Number { get; }

    /// <summary>When Slack said hello on this socket; null before.</summary>
    public DateTimeOffset? HelloAt { get; set; }

    /// <summary>
    /// Connects to a URL from apps.connections.open. The socket pings every <see cref="SocketModeOptions.PingInterval"/>
    /// and is aborted when no pong comes within <see cref="SocketModeOptions.PongTimeout"/>: a half-open connection
    /// (nothing arrives, nothing closes) ends instead of waiting forever.
    /// </summary>
    public static async Task<SocketModeConnection> OpenAsync(Uri url, int number, SocketModeOptions options, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.PingInterval;
        socket.Options.KeepAliveTimeout = options.PongTimeout;
        socket.Options.SetRequestHeader("User-Agent", WebApi.SlackClient.UserAgent);
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            return new SocketModeConnection(socket, number);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next text message, or null once the peer closed the socket.</summary>
    public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await this.socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseQuietlyAsync();
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }

    public async Task SendTextAsync(string text, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await this.socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// <summary>
    /// Starts a graceful close: the reader keeps reading until the server's close frame, so envelopes already
    /// on the wire are still received and acknowledged.
    /// </summary>
    public async Task CloseQuietlyAsync()
    {
        await sendLock.WaitAsync();
        try
        {
            if (this.socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await this.socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "refresh", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // Already gone: nothing left to close.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            sendLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        this.socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
