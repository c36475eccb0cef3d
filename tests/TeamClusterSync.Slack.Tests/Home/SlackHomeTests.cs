using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamClusterSync.Slack.Tests.Chat;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Home;

/// <summary>The App Home tab and the team channel's status message, through Socket Mode against the stand-in.</summary>
public sealed partial class SlackHomeTests : IAsyncLifetime
{
    private SlackChatFixture bot = null!;

    public async Task InitializeAsync()
    {
        bot = await SlackChatFixture.StartAsync();
        ExampleTeams.JoinBoth(bot.Origin, "miabbott");
    }

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task The_Home_tab_of_a_member_of_two_teams_shows_both_teams_clusters_and_the_buttons_that_act_for_them()
    {
        await bot.SayAsync("cgwalters", "request");
        await bot.SayAsync("jlebon", "ping");
        await bot.SayAsync("jlebon", "wait");

        await OpenHomeAsync("miabbott");

        Assert.Equal(
            [
                "Your team clusters",
                "*machine-config*  #team-mco",
                "*<https://console.team-mco.devcluster.openshift.com/|team-mco>*  OpenShift 4.6\n*Held by:* nobody\n*Read-only:* nobody\n*Pings:* nobody\n*In line:* nobody\n*Last provisioned:* not yet\n*Last release:* not checked yet",
                "*redhat-coreos*  #team-rhcos",
                "*<https://console.team-redhat-coreos.devcluster.openshift.com/|team-rhcos>*  OpenShift 4.6\n*Held by:* @cgwalters until <time>\n*Read-only:* nobody\n*Pings:* @jlebon since <time>\n*In line:* @jlebon\n*Last provisioned:* not yet\n*Last release:* not checked yet",
                "_as of <time>_",
            ],
            Texts(Home("miabbott")));
        Assert.Equal(
            [
                "teamcluster-home-team-mco: Request = teamcluster request team-mco (primary), Read-only = teamcluster request ro team-mco",
                "teamcluster-home-team-rhcos: Read-only = teamcluster request ro team-rhcos, Wait in line = teamcluster wait team-rhcos (primary)",
            ],
            Buttons(Home("miabbott")));
    }

    [Fact]
    public async Task A_Home_button_acts_as_the_chat_command_and_the_tab_is_republished()
    {
        await OpenHomeAsync("miabbott");
        var from = bot.StandIn.Calls.Count;

        await bot.StandIn.SendHomeBlockActionAsync(SlackChatFixture.People["miabbott"], "teamcluster-home-0", "teamcluster request team-mco");
        await bot.HandledAsync();

        Assert.Equal(["lease: @miabbott took team-mco (read-write)"], bot.Subjects("state/leases/team-mco.yaml"));
        Assert.Equal((bot.Dm("miabbott"), "kubeconfig-team-mco.yaml"), (bot.StandIn.Uploads[^1].ChannelId, bot.StandIn.Uploads[^1].FileName));
        Assert.Single(bot.StandIn.CallsTo("views.publish"), c => bot.StandIn.Calls.Skip(from).Contains(c));
        Assert.Equal(
            [
                "teamcluster-home-team-mco: Extend = teamcluster extend team-mco, Done = teamcluster done team-mco",
                "teamcluster-home-team-rhcos: Request = teamcluster request team-rhcos (primary), Read-only = teamcluster request ro team-rhcos",
            ],
            Buttons(Home("miabbott")));
    }

    [Fact]
    public async Task An_open_Home_tab_is_republished_when_a_teammate_changes_the_cluster_and_only_then()
    {
        await OpenHomeAsync("miabbott");
        await OpenHomeAsync("sinnykumari");
        var published = bot.StandIn.CallsTo("views.publish").Count;

        await bot.SayAsync("cgwalters", "request");

        Assert.Contains("*Held by:* @cgwalters until ", Texts(Home("miabbott"))[4], StringComparison.Ordinal);
        Assert.Equal(published + 1, bot.StandIn.CallsTo("views.publish").Count); // not sinnykumari's: team-rhcos is not hers

        await bot.SayAsync("cgwalters", "status");

        Assert.Equal(published + 1, bot.StandIn.CallsTo("views.publish").Count);
    }

    [Fact]
    public async Task The_team_channel_status_is_posted_once_and_then_edited_in_place()
    {
        await bot.SayAsync("cgwalters", "request");
        var status = Assert.Single(bot.StandIn.Messages, StandInTranscript.IsStatusMessage);
        Assert.Equal(SlackStandIn.ChannelId("team-rhcos"), status.Channel);
        Assert.Equal(
            "team-rhcos (OpenShift 4.6, https://console.team-redhat-coreos.devcluster.openshift.com/): held by @cgwalters until <time>",
            Times().Replace(status.Text, "<time>"));

        await bot.SayAsync("cgwalters", "done");

        var edited = Assert.Single(bot.StandIn.Messages, StandInTranscript.IsStatusMessage);
        Assert.Equal(
            (status.Ts, "team-rhcos (OpenShift 4.6, https://console.team-redhat-coreos.devcluster.openshift.com/): free; last release: checked clean after @cgwalters's release", 1),
            (edited.Ts, edited.Text, edited.Edits));
        Assert.Single(bot.StandIn.CallsTo("chat.update"));
        Assert.Single(bot.StandIn.CallsTo("chat.postMessage"), StandInTranscript.IsStatusMessage);
    }

    [Fact]
    public async Task A_command_that_changes_nothing_edits_nothing()
    {
        await bot.SayAsync("cgwalters", "request");
        await bot.SayAsync("cgwalters", "status");

        Assert.Empty(bot.StandIn.CallsTo("chat.update"));
    }

    [Fact]
    public async Task A_lease_file_that_cannot_be_read_leaves_the_Home_valid_with_that_cluster_shown_without_buttons()
    {
        var work = bot.Origin + ".edit";
        GitCli.Run(Path.GetDirectoryName(bot.Origin)!, "clone", "--quiet", bot.Origin, work);
        Directory.CreateDirectory(Path.Combine(work, "state", "leases"));
        File.WriteAllText(Path.Combine(work, "state", "leases", "team-mco.yaml"), "holders: [\n");
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "commit", "--quiet", "-m", "a bad hand edit");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
        Directory.Delete(work, recursive: true);

        await OpenHomeAsync("miabbott");

        var home = Home("miabbott");
        Assert.StartsWith("*<https://console.team-mco.devcluster.openshift.com/|team-mco>*  OpenShift 4.6\n*Held by:* nobody", Texts(home)[2], StringComparison.Ordinal);
        Assert.Equal(["teamcluster-home-team-rhcos"], home.Where(b => b!["type"]!.GetValue<string>() == "actions").Select(b => b!["block_id"]!.GetValue<string>()));
    }

    private async Task OpenHomeAsync(string login)
    {
        await bot.StandIn.SendHomeOpenedAsync(SlackChatFixture.People[login]);
        await bot.HandledAsync();
    }

    private JsonArray Home(string login) =>
        JsonNode.Parse(bot.StandIn.HomeViews[SlackChatFixture.People[login]])!["blocks"]!.AsArray();

    private static List<string> Texts(JsonArray blocks) =>
        [.. blocks.Where(b => b!["text"] is not null).Select(b => Times().Replace(b!["text"]!["text"]!.GetValue<string>(), "<time>"))];

    private static List<string> Buttons(JsonArray blocks) =>
        [.. blocks.Where(b => b!["type"]!.GetValue<string>() == "actions").Select(b =>
            b!["block_id"]!.GetValue<string>() + ": " + string.Join(", ", b["elements"]!.AsArray().Select(e =>
                $"{e!["text"]!["text"]} = {e["value"]}" + (e["style"] is { } style ? $" ({style})" : ""))))];

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial Regex Times();
}
