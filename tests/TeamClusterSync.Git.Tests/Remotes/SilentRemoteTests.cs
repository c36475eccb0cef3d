using System.Net;
using System.Net.Sockets;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Git.Tests.Remotes;

/// <summary>
/// A git host that accepts connections and never answers (a hung proxy, a stuck server): the store answers within
/// its bound with one clear sentence instead of hanging every command behind it.
/// </summary>
public sealed class SilentRemoteTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-silent");
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> held = [];
    private readonly CancellationTokenSource stop = new();

    public SilentRemoteTests()
    {
        listener.Start();
        _ = AcceptForeverAsync();
    }

    private string Remote => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/org/config.git";

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        foreach (var client in held)
        {
            client.Dispose();
        }

        stop.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_read_from_a_host_that_never_answers_fails_within_the_bound_and_says_so()
    {
        var options = new GitStateStoreOptions(Remote, temp.Combine("cache")) { NetworkTimeout = TimeSpan.FromSeconds(1) };
        using var store = await GitStateStore.OpenAsync(options);

        // The outer bound only keeps a broken build from hanging CI; the store's own bound is what is under test.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReadAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal($"{Remote} did not answer within 1 s; nothing changed. Try again when it is reachable", e.Message);
        Assert.NotEmpty(held);
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (held)
                {
                    held.Add(client); // accepted, read nothing, answer nothing
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
