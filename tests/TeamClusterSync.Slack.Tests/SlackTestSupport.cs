using System.Threading.Channels;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests;

/// <summary>Clients wired to a stand-in with millisecond retry delays, so fault tests stay fast.</summary>
internal static class SlackTestSupport
{
    public static readonly SlackClientOptions FastRetries = new() { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10) };

    public static readonly SocketModeOptions FastReconnects = new()
    {
        InitialReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
    };

    public static SlackClient Client(SlackStandIn standIn, HttpClient http, string botToken = SlackStandIn.BotToken) =>
        new(standIn.ApiBaseUrl, http, botToken, SlackStandIn.AppToken, FastRetries);
}

/// <summary>A handler that records what it is given, for tests to await in order.</summary>
internal sealed class IncomingRecorder
{
    private readonly Channel<SlackIncoming> items = Channel.CreateUnbounded<SlackIncoming>();

    public Task HandleAsync(SlackIncoming item, CancellationToken cancellationToken) =>
        items.Writer.WriteAsync(item, cancellationToken).AsTask();

    /// <summary>
    /// The next item, waiting at most 30 s: a bound against a hang, not a speed check (CI runs the test assemblies side
    /// by side, one of them starting 50 processes at once).
    /// </summary>
    public async Task<SlackIncoming> NextAsync() =>
        await items.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<T> NextAsync<T>()
        where T : SlackIncoming => Assert.IsType<T>(await NextAsync());

    /// <summary>Items received but not yet taken.</summary>
    public List<SlackIncoming> Pending()
    {
        var list = new List<SlackIncoming>();
        while (items.Reader.TryRead(out var item))
        {
            list.Add(item);
        }

        return list;
    }
}

/// <summary>A stand-in with one user (alice) and a client of it, for tests of what the bot sends through the Web API.</summary>
public abstract class StandInClientTests : IAsyncLifetime
{
    private readonly HttpClient http = new();

    protected SlackStandIn StandIn { get; private set; } = null!;

    internal SlackClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        StandIn = await SlackStandIn.StartAsync();
        StandIn.AddUser("U0ALICE", "alice", "alice@example.com");
        Client = SlackTestSupport.Client(StandIn, http);
    }

    public async Task DisposeAsync()
    {
        await StandIn.DisposeAsync();
        http.Dispose();
    }
}
