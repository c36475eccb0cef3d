using TeamClusterSync.Bot.Engine;
using TeamClusterSync.Bot.Providers;
using TeamClusterSync.Git;
using TeamClusterSync.Slack.Bot;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Bot;

/// <summary>
/// The Slack bot for real: a bare origin seeded from example-config, a StateStore clone, the command engine, and
/// Socket Mode against the stand-in, whose workspace has the example config's people under their people.yaml ids.
/// </summary>
internal sealed class SlackBotFixture : IAsyncDisposable
{
    public static IReadOnlyDictionary<string, string> People => StandInTranscript.People;

    private readonly TempDirectory temp = new("tcs-slackbot");
    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim handled = new(0);
    private StateStore store = null!;
    private Task run = Task.CompletedTask;
    private int handledCount;

    public SlackStandIn StandIn { get; private set; } = null!;

    public string Origin => temp.Combine("origin.git");

    /// <summary>Items the bot finished handling, duplicates included if any got through.</summary>
    public int HandledCount => Volatile.Read(ref handledCount);

    public static async Task<SlackBotFixture> StartAsync()
    {
        var fixture = new SlackBotFixture();
        await fixture.InitAsync();
        return fixture;
    }

    public string Dm(string login) => StandIn.DirectMessageChannel(People[login]);

    /// <summary>Sends a DM over Socket Mode and waits until the bot has handled it.</summary>
    public async Task SayAsync(string login, string text)
    {
        await StandIn.SendMessageAsync(People[login], Dm(login), text);
        await HandledAsync();
    }

    public async Task HandledAsync() => Assert.True(await handled.WaitAsync(TimeSpan.FromSeconds(20)), "the bot did not handle the event in time");

    /// <summary>What the bot sent since call number <paramref name="fromCall"/>, as the terminal prints it.</summary>
    public string Rendered(int fromCall) => StandInTranscript.Render(StandIn, fromCall);

    public IReadOnlyList<string> Subjects(string path = "state/leases/team-rhcos.yaml") =>
        GitCli.Run(Origin, "log", "--reverse", "--format=%s", "--", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        store.Dispose();
        await StandIn.DisposeAsync();
        http.Dispose();
        stop.Dispose();
        temp.Dispose();
    }

    private async Task InitAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        StandIn = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(StandIn);

        store = await StateStore.OpenAsync(new StateStoreOptions(Origin, temp.Combine("cache")));
        var slack = SlackTestSupport.Client(StandIn, http);
        var engine = new CommandEngine(store, new SimulatedProvider(), TimeProvider.System, source: "slack");
        var bot = new SlackBot(engine, slack, SlackStandIn.BotUserId, TimeProvider.System);
        var socket = new SocketModeClient(slack, async (item, ct) =>
        {
            try
            {
                await bot.HandleAsync(item, ct);
            }
            finally
            {
                Interlocked.Increment(ref handledCount); // handlers run concurrently
                handled.Release();
            }
        }, SlackTestSupport.FastReconnects);
        run = socket.RunAsync(stop.Token);
        await StandIn.WaitForSocketAsync(1);
    }
}
