using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Git;
using TeamClusterSync.Providers.Simulated;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Chat;

/// <summary>
/// The Slack front end for real: a bare origin seeded from example-config, the app wired as the host wires it, and
/// Socket Mode against the stand-in, whose workspace has the example config's people under their people.yaml ids.
/// </summary>
internal sealed class SlackChatFixture : IAsyncDisposable
{
    public static IReadOnlyDictionary<string, string> People => StandInTranscript.People;

    private readonly TempDirectory temp = new("tcs-slackbot");
    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim handled = new(0);
    private ServiceProvider app = null!;
    private Task run = Task.CompletedTask;
    private int handledCount;

    public SlackStandIn StandIn { get; private set; } = null!;

    public string Origin => temp.Combine("origin.git");

    /// <summary>The app's clock: it stands still unless a test moves it (lease times are masked in most assertions).</summary>
    public ManualClock Clock { get; } = new();

    /// <summary>Moves <see cref="Clock"/> (which also ages the store's snapshot) past the bound: a commit made behind the bot's back is seen at its next read.</summary>
    public void Later() => Clock.Advance(GitStateStoreOptions.DefaultSnapshotMaxAge + TimeSpan.FromSeconds(1));

    /// <summary>Items the bot finished handling, duplicates included if any got through.</summary>
    public int HandledCount => Volatile.Read(ref handledCount);

    public static async Task<SlackChatFixture> StartAsync()
    {
        var fixture = new SlackChatFixture();
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

    /// <summary>One run of the minute lease sweep, delivered through Slack as <c>serve</c>'s schedule does it.</summary>
    public async Task SweepAsync()
    {
        var messages = await app.GetRequiredService<LeaseExpiryReconciler>().ReconcileAsync(CancellationToken.None);
        await app.GetRequiredService<IMessageDelivery>().DeliverAsync(messages, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        await app.DisposeAsync();
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

        var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Origin, temp.Combine("cache")) { Clock = Clock });
        var settings = new SlackSettings(StandIn.ApiBaseUrl, SlackStandIn.BotToken, SlackStandIn.AppToken, SigningSecret: null)
        {
            ClientOptions = SlackTestSupport.FastRetries,
        };
        app = new ServiceCollection()
            .AddGitStateStore(store)
            .AddSingleton<IClusterProvider>(new SimulatedProvider())
            .AddSingleton<TimeProvider>(Clock)
            .AddTeamClusterSyncApp()
            .AddSlack(settings, new SlackBotIdentity(SlackStandIn.BotUserId), http)
            .BuildServiceProvider();
        var handler = app.GetRequiredService<SlackIncomingHandler>();
        var socket = new SocketModeClient(app.GetRequiredService<Slack.WebApi.SlackClient>(), async (item, ct) =>
        {
            try
            {
                await handler.Handle(item, ct);
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
