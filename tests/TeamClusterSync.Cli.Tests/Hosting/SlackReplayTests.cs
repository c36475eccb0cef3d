using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// A captured, signed slash command or button press sent again within Slack's five minutes (issue 23, finding 6): to the
/// same <c>serve</c>, and to the next one on the same data directory. Nothing happens a second time: no commit, no DM,
/// no edit. A later command of the same person is the barrier: the dispatcher keeps a person's items in order.
/// </summary>
public sealed class SlackReplayTests : IAsyncLifetime
{
    private const string Form = "application/x-www-form-urlencoded";
    private static readonly string Rhcos = SlackStandIn.ChannelId("team-rhcos");
    private readonly TempDirectory temp = new("tcs-replay");
    private readonly HttpClient http = new();
    private readonly ConcurrentQueue<SlackIncoming> observed = new();
    private SlackStandIn slack = null!;
    private ServeReplica serve = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slack);
        serve = await StartAsync("first");
    }

    public async Task DisposeAsync()
    {
        await serve.DisposeAsync();
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task A_replayed_slash_command_does_nothing_again_also_after_a_restart()
    {
        var request = SlackHttpSender.Form(SlackPayloads.SlashCommand(Id("miabbott"), Rhcos, "request"));
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await SendAsync("slack/commands", request, at);
        await SeenAsync("request");
        var after = Snapshot();

        await SendAsync("slack/commands", request, at);
        await BarrierAsync("miabbott");
        await RestartAsync();
        await SendAsync("slack/commands", request, at);
        await BarrierAsync("miabbott");

        Assert.Equal(["lease: @miabbott took team-rhcos (read-write)"], Subjects());
        Assert.Equal(after with { Messages = after.Messages + 2 }, Snapshot()); // the two barriers' answers, nothing else
        Assert.Equal(["request", "whoami", "whoami"], Commands());
    }

    [Fact]
    public async Task A_replayed_button_press_does_nothing_again_also_after_a_restart()
    {
        await CommandAsync("cgwalters", "request");
        await CommandAsync("jlebon", "ping");
        var asked = slack.Messages.Last(m => m.Channel == slack.DirectMessageChannel(Id("cgwalters")) && m.Blocks is not null);
        var (actionId, value) = Button(asked, "Grant");
        var press = SlackHttpSender.Form(new Dictionary<string, string>
        {
            ["payload"] = SlackPayloads.BlockActions(Id("cgwalters"), asked.Channel, asked.Ts, actionId, value).ToJsonString(),
        });
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await SendAsync("slack/interactive", press, at);
        await Eventually.WaitAsync(() => observed.OfType<SlackBlockAction>().Any(), "the press was handled");
        var after = Snapshot();

        await SendAsync("slack/interactive", press, at);
        await BarrierAsync("cgwalters");
        await RestartAsync();
        await SendAsync("slack/interactive", press, at);
        await BarrierAsync("cgwalters");

        Assert.Equal(
            ["lease: @cgwalters shared team-rhcos with @jlebon (read-write)", "lease: @jlebon asked @cgwalters for team-rhcos", "lease: @cgwalters took team-rhcos (read-write)"],
            Subjects());
        Assert.Equal(after with { Messages = after.Messages + 2 }, Snapshot());
        Assert.Single(observed.OfType<SlackBlockAction>());
        Assert.Equal(1, slack.Messages.Single(m => m.Ts == asked.Ts).Edits);
    }

    private static string Id(string login) => StandInTranscript.People[login];

    private static (string ActionId, string Value) Button(PostedMessage message, string label)
    {
        var button = JsonNode.Parse(message.Blocks!)!.AsArray()
            .Where(b => b?["type"]?.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .Single(e => e!["text"]!["text"]!.GetValue<string>() == label)!;
        return (button["action_id"]!.GetValue<string>(), button["value"]!.GetValue<string>());
    }

    private async Task<ServeReplica> StartAsync(string name) =>
        await ServeReplica.StartAsync(name, Origin, temp.Combine("cache-" + name), slack, leases: null, observe: observed.Enqueue, data: temp.Combine("data"));

    /// <summary>A graceful stop (as on SIGTERM), then a new process on the same data directory.</summary>
    private async Task RestartAsync()
    {
        await serve.DisposeAsync();
        serve = await StartAsync("second");
    }

    private async Task SendAsync(string path, string body, long timestamp)
    {
        using var response = await new SlackHttpSender(http, serve.BaseUrl, ServeReplica.SigningSecret).SendAsync(path, body, Form, timestamp);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task CommandAsync(string login, string text)
    {
        var count = Commands().Count(c => c == text);
        await SendAsync("slack/commands", SlackHttpSender.Form(SlackPayloads.SlashCommand(Id(login), Rhcos, text)), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await Eventually.WaitAsync(() => Commands().Count(c => c == text) > count, $"{text} was handled");
    }

    /// <summary>A fresh command of the same person, handled after anything of theirs that was queued before it.</summary>
    private Task BarrierAsync(string login) => CommandAsync(login, "whoami");

    private Task SeenAsync(string text) => Eventually.WaitAsync(() => Commands().Contains(text), $"{text} was handled");

    private List<string> Commands() => [.. observed.OfType<SlackSlashCommand>().Select(c => c.Text)];

    private List<string> Subjects() =>
        [.. GitCli.Run(Origin, "log", "--format=%s", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>What people were sent in their DMs (a channel's status message follows the state, whichever replica runs).</summary>
    private Counts Snapshot()
    {
        var dms = slack.Messages.Where(m => m.Channel.StartsWith('D')).ToList();
        return new(dms.Count, slack.Uploads.Count, dms.Sum(m => m.Edits));
    }

    private sealed record Counts(int Messages, int Uploads, int Edits);
}
