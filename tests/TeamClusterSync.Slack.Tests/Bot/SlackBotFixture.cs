using System.Text;
using System.Text.RegularExpressions;
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
internal sealed partial class SlackBotFixture : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> People = new Dictionary<string, string>
    {
        ["cgwalters"] = "U01CGWALTERS",
        ["miabbott"] = "U01MIABBOTT",
        ["jlebon"] = "U01JLEBON",
        ["sinnykumari"] = "U01SINNYKUMARI",
        ["yuqi-zhang"] = "U01YUQIZHANG",
    };

    private readonly TempDirectory temp = new("tcs-slackbot");
    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim handled = new(0);
    private StateStore store = null!;
    private Task run = Task.CompletedTask;

    public SlackStandIn StandIn { get; private set; } = null!;

    public string Origin => temp.Combine("origin.git");

    /// <summary>Items the bot finished handling, duplicates included if any got through.</summary>
    public int HandledCount { get; private set; }

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

    /// <summary>
    /// What the bot sent since call number <paramref name="fromCall"/>, in the terminal chat's block format, so Slack
    /// and the terminal can be held to the same approved transcript.
    /// </summary>
    public string Rendered(int fromCall)
    {
        var who = People.ToDictionary(p => StandIn.DirectMessageChannel(p.Value), p => "@" + p.Key);
        var uploadsBefore = StandIn.Calls.Take(fromCall).Count(IsUpload);
        var uploads = StandIn.Uploads.Skip(uploadsBefore).GetEnumerator();
        var text = new StringBuilder();
        foreach (var call in StandIn.Calls.Skip(fromCall).Where(c => c.Status == 200))
        {
            if (call.Method == "chat.postMessage")
            {
                var channel = call.Arg("channel")!;
                text.Append($"to {who.GetValueOrDefault(channel, channel)}:\n{call.Arg("text")}\n\n");
            }
            else if (IsUpload(call) && uploads.MoveNext())
            {
                var file = uploads.Current;
                text.Append($"to {who.GetValueOrDefault(file.ChannelId, file.ChannelId)}:\n{file.InitialComment}\nattachment: {file.FileName}\n\n");
            }
        }

        return Times().Replace(text.ToString(), "<time>");
    }

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

    private static bool IsUpload(SlackCall call) => call.Method == "files.completeUploadExternal" && call.Status == 200;

    private async Task InitAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        StandIn = await SlackStandIn.StartAsync();
        foreach (var (login, id) in People)
        {
            StandIn.AddUser(id, login, $"{login}@example.com");
        }

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
                HandledCount++;
                handled.Release();
            }
        }, SlackTestSupport.FastReconnects);
        run = socket.RunAsync(stop.Token);
        await StandIn.WaitForSocketAsync(1);
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial Regex Times();
}
