using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TeamClusterSync.Testing.Slack;

/// <summary>
/// One server-side Socket Mode socket with serialized sends, built over the upgraded connection's stream (rather than
/// ASP.NET's WebSocket middleware) so that it can go silent as a half-open connection does.
/// </summary>
internal sealed class StandInSocket : IDisposable
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private readonly SemaphoreSlim send = new(1, 1);
    private readonly WebSocket webSocket;
    private readonly SilenceableStream stream;
    private readonly HttpContext context;

    private StandInSocket(int number, WebSocket webSocket, SilenceableStream stream, HttpContext context)
    {
        Number = number;
        this.webSocket = webSocket;
        this.stream = stream;
        this.context = context;
    }

    public int Number { get; }

    /// <summary>Runs when the client's close frame arrives, before the server answers it.</summary>
    public Func<Task>? OnClientClose { get; set; }

    /// <summary>Answers the WebSocket handshake (RFC 6455) and takes over the connection; the server pings every <paramref name="pingInterval"/>.</summary>
    public static async Task<StandInSocket> AcceptAsync(int number, HttpContext context, TimeSpan pingInterval)
    {
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the handshake; it protects nothing
        context.Response.Headers["Sec-WebSocket-Accept"] = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
#pragma warning restore CA5350
        var stream = new SilenceableStream(await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync());
        // With a timeout set, .NET sends real PING frames (without one, unanswered PONGs); Slack gives up on a client
        // only after minutes, so a test of the client's own silence detection never sees the server close first.
        var webSocket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = pingInterval,
            KeepAliveTimeout = TimeSpan.FromMinutes(5),
        });
        return new StandInSocket(number, webSocket, stream, context);
    }

    public void Dispose()
    {
        webSocket.Dispose();
        send.Dispose();
    }

    /// <summary>From now on nothing is read or answered and nothing is sent; only the end of the connection is noticed.</summary>
    public void Silence() => stream.Silence();

    public async Task SendAsync(string text)
    {
        await send.WaitAsync();
        try
        {
            await webSocket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // The client is gone: what was sent is lost, as on the wire (events are sent again unless acknowledged).
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
                await (OnClientClose?.Invoke() ?? Task.CompletedTask);
                await send.WaitAsync();
                try
                {
                    await webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                }
                finally
                {
                    send.Release();
                }

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

    /// <summary>A connection's stream that can go silent: reads drop what arrives (until the end), writes go nowhere.</summary>
    private sealed class SilenceableStream(Stream inner) : Stream
    {
        private volatile bool silent;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Silence() => silent = true;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                if (read == 0 || !silent)
                {
                    return read;
                }
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            silent ? ValueTask.CompletedTask : inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
