using System.Text.Json.Nodes;
using TeamClusterSync.App.Home;
using TeamClusterSync.App.Messages;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Slack.Home;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Tests.Home;

/// <summary>Home tabs of any size stay within Block Kit's limits, published to the stand-in that enforces them as Slack does.</summary>
public sealed class SlackHomeLimitsTests : StandInClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    [Fact]
    public async Task The_stand_in_refuses_a_Home_of_101_blocks_and_a_section_of_3001_characters_naming_each()
    {
        var view = new JsonObject
        {
            ["type"] = "home",
            ["blocks"] = new JsonArray([.. Enumerable.Range(0, 100).Select(_ => (JsonNode)new JsonObject { ["type"] = "divider" }),
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = new string('x', 3001) } }]),
        };

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client.PublishViewAsync(new PublishViewRequest("U0ALICE", view)));

        Assert.Equal(
            ["[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]", "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/100/text/text]"],
            error.Details);
        Assert.Equal(
            "Slack method views.publish failed: invalid_blocks ([ERROR] no more than 100 items allowed [json-pointer:/view/blocks]; "
            + "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/100/text/text])",
            error.Message);
    }

    [Fact]
    public async Task A_member_of_10_teams_of_5_clusters_with_long_names_40_readers_and_12_in_line_gets_a_valid_Home_that_shows_every_cluster()
    {
        var teams = Enumerable.Range(1, 10).Select(t => new HomeTeam($"team-{t}-{new string('t', 50)}", $"team-{t}",
            [.. Enumerable.Range(1, 5).Select(c => Cluster($"cluster-{t}-{c}-{new string('c', 48)}"))])).ToList();

        await Client.PublishViewAsync(new PublishViewRequest("U0ALICE", SlackHomeBlocks.View(new HomeView("alice", Now, teams))));

        var blocks = Published();
        Assert.InRange(blocks.Count, 50, 100);
        foreach (var cluster in teams.SelectMany(t => t.Clusters))
        {
            var row = Assert.Single(blocks, b => b!["block_id"]?.GetValue<string>() == "teamcluster-home-" + cluster.Name)!;
            Assert.StartsWith($"<https://console.example.com/{cluster.Name}|{cluster.Name}> · held by @holder until 2026-11-25 17:00 UTC · 40 read-only · 3 asking · 12 in line", Text(row), StringComparison.Ordinal);
            Assert.Equal(["Read-only", "Wait in line"], row["accessory"]!["options"]!.AsArray().Select(o => o!["text"]!["text"]!.GetValue<string>()));
            Assert.Equal($"teamcluster wait {cluster.Name}", row["accessory"]!["options"]![1]!["value"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_Home_too_large_even_compact_gives_each_team_a_share_and_says_how_many_more_it_has()
    {
        var teams = Enumerable.Range(1, 4).Select(t => new HomeTeam($"team-{t}", null,
            [.. Enumerable.Range(1, 30).Select(c => Cluster($"cluster-{t}-{c}"))])).ToList();

        await Client.PublishViewAsync(new PublishViewRequest("U0ALICE", SlackHomeBlocks.View(new HomeView("alice", Now, teams))));

        var texts = Published().Select(Text).ToList();
        Assert.Equal(100 - 1 - 1 - 12, texts.Count(t => t.StartsWith("<https://console.example.com/cluster-", StringComparison.Ordinal)));
        Assert.Equal(
            ["_and 9 more: `teamcluster status` lists them all_", "_and 8 more: `teamcluster status` lists them all_"],
            texts.Where(t => t.StartsWith("_and ", StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public async Task A_cluster_with_40_readers_and_12_in_line_names_ten_of_each_and_counts_the_rest()
    {
        var view = new HomeView("alice", Now, [new HomeTeam("rhcos", "team-rhcos", [Cluster("team-rhcos")])]);

        await Client.PublishViewAsync(new PublishViewRequest("U0ALICE", SlackHomeBlocks.View(view)));

        var facts = Text(Published()[3]).Split('\n');
        Assert.EndsWith(", @reader-10-with-a-long-login until 2026-11-25 17:00 UTC and 30 more", facts[2], StringComparison.Ordinal);
        Assert.Equal("*In line:* " + string.Join(", ", Enumerable.Range(1, 10).Select(i => $"@waiter-{i}")) + " and 2 more", facts[4]);
    }

    [Fact]
    public async Task A_cluster_without_buttons_gets_no_button_row_and_one_without_a_console_yet_no_empty_link()
    {
        var broken = Cluster("team-mco") with { Buttons = [], ConsoleUrl = "" };
        var view = new HomeView("alice", Now, [new HomeTeam("mco", "team-mco", [broken, Cluster("team-rhcos")])]);

        await Client.PublishViewAsync(new PublishViewRequest("U0ALICE", SlackHomeBlocks.View(view)));

        var blocks = Published();
        Assert.Equal(["header", "divider", "section", "section", "section", "actions", "section"], blocks.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal("teamcluster-home-team-rhcos", blocks[5]!["block_id"]!.GetValue<string>());
        Assert.StartsWith("*team-mco*  OpenShift 4.16\n", Text(blocks[3]), StringComparison.Ordinal);
    }

    private static HomeCluster Cluster(string name)
    {
        var until = Now.AddHours(8);
        return new HomeCluster(
            name,
            "4.16",
            $"https://console.example.com/{name}",
            [new Holder("holder", AccessMode.ReadWrite, Now, until)],
            [.. Enumerable.Range(1, 40).Select(i => new Reader($"reader-{i}-with-a-long-login", Now, until))],
            [.. Enumerable.Range(1, 3).Select(i => new PendingRequest($"asker-{i}", Now))],
            [.. Enumerable.Range(1, 12).Select(i => new Waiter($"waiter-{i}", Now))],
            Now.AddDays(-3),
            "clean",
            "held by @holder",
            [new ReplyButton("Read-only", $"teamcluster request ro {name}"), new ReplyButton("Wait in line", $"teamcluster wait {name}", Primary: true)]);
    }

    private JsonArray Published() => JsonNode.Parse(StandIn.HomeViews["U0ALICE"])!["blocks"]!.AsArray();

    private static string Text(JsonNode? block) => block?["text"]?["text"]?.GetValue<string>() ?? "";
}
