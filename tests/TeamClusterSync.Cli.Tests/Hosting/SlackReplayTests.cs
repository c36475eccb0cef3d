using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// Signed slash commands and button presses that Slack did not mean (issue 23, finding 6), against <c>serve</c>: one
/// captured and sent again within Slack's five minutes, to the same process and to the next one on the same data
/// directory, does nothing a second time (no commit, no DM, no edit); a press naming another channel, another person's
/// message or a message without that button edits nothing and changes nothing in git. A later command of the same
/// person is the barrier: the dispatcher keeps a person's items in order.
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
            ["payload"] = slack.BlockActionPayload(Id("cgwalters"), asked.Channel, asked.Ts, actionId, value).ToJsonString(),
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

    [Fact]
    public async Task A_press_naming_another_channel_or_another_persons_message_edits_and_commits_nothing()
    {
        await CommandAsync("cgwalters", "request");
        await CommandAsync("jlebon", "ping");
        var asked = slack.Messages.Last(m => m.Channel == slack.DirectMessageChannel(Id("cgwalters")) && m.Blocks is not null);
        var (actionId, value) = Button(asked, "Grant");
        var channelPost = slack.Messages.First(m => m.Channel == Rhcos);
        var subjects = Subjects();

        // jlebon "presses" Grant on cgwalters' message; cgwalters' press names the team channel's post; and his own DM
        // with the ts of a message that shows no such button.
        await PressAsync(slack.BlockActionPayload(Id("jlebon"), asked.Channel, asked.Ts, actionId, value), "jlebon");
        await PressAsync(SlackPayloads.BlockActions(Id("cgwalters"), Rhcos, channelPost.Ts, actionId, value), "cgwalters");
        var answer = slack.Messages.First(m => m.Channel == asked.Channel && m.Blocks is null);
        await PressAsync(SlackPayloads.BlockActions(Id("cgwalters"), asked.Channel, answer.Ts, actionId, value), "cgwalters");

        Assert.Equal(subjects, Subjects());
        Assert.Equal(0, Snapshot().Edits);
        Assert.Equal(channelPost.Text, slack.Messages.Single(m => m.Ts == channelPost.Ts).Text);

        // The genuine press still works: the message that asked is the one edited, once.
        await PressAsync(slack.BlockActionPayload(Id("cgwalters"), asked.Channel, asked.Ts, actionId, value), "cgwalters");
        Assert.Equal("lease: @cgwalters shared team-rhcos with @jlebon (read-write)", Subjects()[0]);
        Assert.Equal((1, 1), (Snapshot().Edits, slack.Messages.Single(m => m.Ts == asked.Ts).Edits));
    }

    private async Task PressAsync(JsonObject payload, string login)
    {
        var body = SlackHttpSender.Form(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() });
        await SendAsync("slack/interactive", body, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await BarrierAsync(login);
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
