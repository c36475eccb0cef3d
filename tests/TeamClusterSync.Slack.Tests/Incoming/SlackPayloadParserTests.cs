using System.Text.Json;
using System.Text.Json.Nodes;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Incoming;

public sealed class SlackPayloadParserTests
{
    [Theory]
    [InlineData("message_changed")]
    [InlineData("message_deleted")]
    [InlineData("bot_message")]
    [InlineData("channel_join")]
    public void Messages_with_a_subtype_are_dropped(string subtype)
    {
        var body = SlackPayloads.EventCallback(SlackPayloads.MessageEvent("U0ALICE", "D0ALICE", "x", subtype: subtype));

        Assert.Null(SlackPayloadParser.ParseEventCallback(JsonDocument.Parse(body.ToJsonString()).RootElement));
    }

    [Theory]
    [InlineData("D0ALICE", "im")]
    [InlineData("C0TEAM", "channel")]
    [InlineData("G0PRIVATE", "group")]
    public void Mentions_take_their_channel_type_from_the_channel_id(string channel, string expected)
    {
        var body = SlackPayloads.EventCallback(SlackPayloads.MentionEvent("U0ALICE", channel, "<@U0BOT> help"));

        var message = Assert.IsType<SlackMessage>(SlackPayloadParser.ParseEventCallback(JsonDocument.Parse(body.ToJsonString()).RootElement));

        Assert.Equal((expected, true, "<@U0BOT> help"), (message.ChannelType, message.IsMention, message.Text));
    }

    [Theory]
    [InlineData("home", true)]
    [InlineData("messages", false)]
    public void Only_the_Home_tab_opening_is_an_event_to_handle(string tab, bool handled)
    {
        var evt = SlackPayloads.HomeOpenedEvent("U0ALICE", "D0ALICE");
        evt["tab"] = tab;

        var incoming = SlackPayloadParser.ParseEventCallback(JsonDocument.Parse(SlackPayloads.EventCallback(evt).ToJsonString()).RootElement);

        Assert.Equal(handled ? new SlackHomeOpened("U0ALICE") : null, incoming);
    }

    [Theory]
    [InlineData("as sent", true)]
    [InlineData("not the bot's", false)]
    [InlineData("another ts", false)]
    [InlineData("button gone", false)]
    [InlineData("another value", false)]
    [InlineData("no message", false)]
    public void A_press_is_offered_only_on_a_bots_message_that_still_shows_that_button(string change, bool offered)
    {
        var payload = SlackPayloads.BlockActions("U0ALICE", "D0ALICE", "1700000000.000300", "teamcluster-answer-0", "yes @bob");
        var button = new JsonObject { ["type"] = "button", ["action_id"] = "teamcluster-answer-0", ["value"] = "yes @bob" };
        payload["message"] = new JsonObject
        {
            ["type"] = "message",
            ["bot_id"] = "B0STANDIN",
            ["ts"] = change == "another ts" ? "1700000000.000200" : "1700000000.000300",
            ["text"] = "bob asks",
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "actions", ["elements"] = change == "button gone" ? new JsonArray() : new JsonArray(button) }),
        };
        switch (change)
        {
            case "not the bot's":
                payload["message"]!.AsObject().Remove("bot_id");
                break;
            case "another value":
                payload["actions"]![0]!["value"] = "yes @eve";
                break;
            case "no message":
                payload.Remove("message");
                break;
        }

        var action = Assert.IsType<SlackBlockAction>(Assert.Single(SlackPayloadParser.ParseInteractive(JsonDocument.Parse(payload.ToJsonString()).RootElement)));

        Assert.Equal(offered, action.Offered);
    }
}
