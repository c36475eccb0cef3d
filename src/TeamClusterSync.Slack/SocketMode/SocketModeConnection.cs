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
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private SocketModeConnection(ClientWebSocket socket, int number)
    {
        _socket = socket;
        Number = number;
    }

    /// <summary>1 for the first socket of a client, counting up; for logs.</summary>
    public int Number { get; }

    public static async Task<SocketModeConnection> OpenAsync(Uri url, int number, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
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
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseQuietlyAsync().ConfigureAwait(false);
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
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Starts a graceful close: the reader keeps reading until the server's close frame, so envelopes already
    /// on the wire are still received and acknowledged.
    /// </summary>
    public async Task CloseQuietlyAsync()
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "refresh", CancellationToken.None).ConfigureAwait(false);
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
            _sendLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
