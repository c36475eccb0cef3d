using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Home;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Home;

/// <summary>A status message is found again from Slack's pins: by a restarted process, or by another replica.</summary>
public sealed class StatusMessagesTests : StandInClientTests
{
    private static readonly string Rhcos = SlackStandIn.ChannelId("team-rhcos");
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StandIn.AddChannel("team-rhcos");
    }

    [Fact]
    public async Task A_new_process_finds_the_pinned_status_message_of_each_cluster_and_no_other()
    {
        var rhcos = await PostAndPinAsync(new StatusMessages(Client, NullLogger.Instance), "team-rhcos");
        var second = await PostAndPinAsync(new StatusMessages(Client, NullLogger.Instance), "team-rhcos-2");
        var listedBefore = StandIn.CallsTo("pins.list").Count;

        var restarted = new StatusMessages(Client, NullLogger.Instance);

        Assert.Equal(rhcos, await restarted.FindAsync("team-rhcos", "team-rhcos", default));
        Assert.Equal(second, await restarted.FindAsync("team-rhcos", "team-rhcos-2", default));
        Assert.Null(await restarted.FindAsync("team-rhcos", "team-mco", default));
        Assert.Single(StandIn.CallsTo("conversations.list"));

        // One read of the channel's pins found every cluster's message (pins.list is Tier 2: about 20 a minute).
        Assert.Equal(listedBefore + 1, StandIn.CallsTo("pins.list").Count);
    }

    [Fact]
    public async Task A_message_slack_refuses_to_pin_is_still_the_one_edited_by_this_process()
    {
        var statuses = new StatusMessages(Client, NullLogger.Instance);
        Assert.Null(await statuses.FindAsync("team-rhcos", "team-rhcos", default));
        StandIn.FailNext("pins.add", "permission_denied");
        var posted = await Client.PostMessageAsync(new PostMessageRequest("#team-rhcos", "team-rhcos: free", Blocks("team-rhcos")));

        await Assert.ThrowsAsync<SlackApiException>(() => statuses.PinAsync("team-rhcos", "team-rhcos", new StatusMessage(posted.Channel, posted.Ts), default));

        Assert.Equal(new StatusMessage(Rhcos, posted.Ts), await statuses.FindAsync("team-rhcos", "team-rhcos", default));
        Assert.Empty(StandIn.PinnedIn(Rhcos));
    }

    [Fact]
    public async Task A_message_forgotten_as_gone_is_looked_for_again_among_the_pins()
    {
        var statuses = new StatusMessages(Client, NullLogger.Instance);
        var rhcos = await PostAndPinAsync(statuses, "team-rhcos");
        Assert.Equal(rhcos, await statuses.FindAsync("team-rhcos", "team-rhcos", default));
        var listedBefore = StandIn.CallsTo("pins.list").Count;

        statuses.Forget("team-rhcos", "team-rhcos");

        Assert.Equal(rhcos, await statuses.FindAsync("team-rhcos", "team-rhcos", default));
        Assert.Equal(listedBefore + 1, StandIn.CallsTo("pins.list").Count);
    }

    [Fact]
    public async Task Two_replicas_posting_at_once_keep_the_older_message_and_delete_the_newer()
    {
        var first = await Client.PostMessageAsync(new PostMessageRequest("#team-rhcos", "free", Blocks("team-rhcos")));
        var second = await Client.PostMessageAsync(new PostMessageRequest("#team-rhcos", "free", Blocks("team-rhcos")));
        await Client.PinAsync(first.Channel, first.Ts);

        var kept = await new StatusMessages(Client, NullLogger.Instance).PinAsync("team-rhcos", "team-rhcos", new StatusMessage(second.Channel, second.Ts), default);

        Assert.Equal(new StatusMessage(Rhcos, first.Ts), kept);
        Assert.Equal([first.Ts], StandIn.PinnedIn(Rhcos));
        Assert.Equal([first.Ts], StandIn.Messages.Select(m => m.Ts));
    }

    private async Task<StatusMessage> PostAndPinAsync(StatusMessages statuses, string cluster)
    {
        var posted = await Client.PostMessageAsync(new PostMessageRequest("#team-rhcos", cluster + ": free", Blocks(cluster)));
        return await statuses.PinAsync("team-rhcos", cluster, new StatusMessage(posted.Channel, posted.Ts), default);
    }

    private static System.Text.Json.Nodes.JsonArray Blocks(string cluster)
    {
        var section = SlackBlocks.Section(cluster + ": free");
        section["block_id"] = StatusMessages.BlockId(cluster);
        return SlackBlocks.Of(section);
    }
}
