using System.Text.Json;
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
}
