using System.Text.Json.Nodes;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// Two <c>serve</c> replicas of one Slack app over one origin, as <c>deploy/</c> runs them: Slack gives each event to
/// either, and the team channel and the open Home tabs still show one picture, the state in git.
/// </summary>
public sealed class TwoReplicasOneSlackAppTests : IAsyncLifetime
{
    private static readonly string Rhcos = SlackStandIn.ChannelId("team-rhcos");
    private readonly TempDirectory temp = new("tcs-tworeplicas");
    private readonly HttpClient http = new();
    private readonly SemaphoreSlim handled = new(0);
    private SlackStandIn slack = null!;
    private ServeReplica a = null!;
    private ServeReplica b = null!;

    public async Task InitializeAsync()
    {
        var origin = temp.Combine("origin.git");
        GitCli.CreateOrigin(origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slack);
        a = await ServeReplica.StartAsync("a", origin, temp.Combine("cache-a"), slack, null, observe: _ => handled.Release(), followPeriod: TimeSpan.FromMilliseconds(200));
        b = await ServeReplica.StartAsync("b", origin, temp.Combine("cache-b"), slack, null, observe: _ => handled.Release(), followPeriod: TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        await slack.DisposeAsync();
        http.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Each_change_is_shown_once_in_one_pinned_status_message_and_in_the_Home_opened_on_the_other_replica()
    {
        var miabbott = StandInTranscript.People["miabbott"];
        await Sender(b).PostEventAsync(SlackPayloads.EventCallback(SlackPayloads.HomeOpenedEvent(miabbott, slack.DirectMessageChannel(miabbott))));
        await HandledAsync();

        await CommandAsync(a, "cgwalters", "request");
        await Eventually.WaitAsync(() => Status().Contains("held by @cgwalters", StringComparison.Ordinal), "the status shows @cgwalters");
        await Eventually.WaitAsync(() => Home(miabbott).Contains("*Held by:* @cgwalters until", StringComparison.Ordinal), "replica b's Home shows @cgwalters");

        await CommandAsync(b, "jlebon", "request ro");
        await CommandAsync(a, "cgwalters", "done");
        await Eventually.WaitAsync(() => Status().Contains(": free", StringComparison.Ordinal), "the status shows the cluster free");
        await Eventually.WaitAsync(() => Home(miabbott).Contains("*Held by:* nobody\n*Read-only:* @jlebon until", StringComparison.Ordinal), "replica b's Home shows the release");

        var statuses = slack.Messages.Where(m => m.Channel == Rhcos && StandInTranscript.IsStatusMessage(m)).ToList();
        Assert.Equal([statuses[0].Ts], slack.PinnedIn(Rhcos));
        Assert.Single(statuses);
    }

    private async Task CommandAsync(ServeReplica replica, string login, string text)
    {
        await Sender(replica).PostSlashCommandAsync(SlackPayloads.SlashCommand(StandInTranscript.People[login], Rhcos, text));
        await HandledAsync();
    }

    private async Task HandledAsync() => Assert.True(await handled.WaitAsync(TimeSpan.FromSeconds(30)), "the bot did not handle the event");

    private SlackHttpSender Sender(ServeReplica replica) => new(http, replica.BaseUrl, ServeReplica.SigningSecret);

    private string Status() =>
        slack.Messages.Where(m => m.Channel == Rhcos && StandInTranscript.IsStatusMessage(m)).Select(m => m.Text).FirstOrDefault() ?? "";

    private string Home(string userId) =>
        slack.HomeViews.TryGetValue(userId, out var view)
            ? string.Join('\n', JsonNode.Parse(view)!["blocks"]!.AsArray().Select(b => b?["text"]?["text"]?.GetValue<string>()))
            : "";
}
