namespace TeamClusterSync.Slack.Tests.Chat;

/// <summary>A person's DM channel is opened once (conversations.open) and kept; opened again only when Slack no longer takes it.</summary>
public sealed class DirectMessageCacheTests : IAsyncLifetime
{
    private SlackChatFixture bot = null!;

    private static string Miabbott => SlackChatFixture.People["miabbott"];

    public async Task InitializeAsync() => bot = await SlackChatFixture.StartAsync();

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task Several_messages_to_one_person_open_their_dm_once()
    {
        await bot.SayAsync("miabbott", "teamcluster request");
        await bot.SayAsync("miabbott", "teamcluster status");
        await bot.SayAsync("miabbott", "teamcluster done");

        Assert.Equal(1, Opens(Miabbott));
        Assert.True(bot.StandIn.Messages.Count(m => m.Channel == bot.Dm("miabbott")) >= 3, "each command was answered in the DM");
        Assert.Equal("kubeconfig-team-rhcos.yaml", Assert.Single(bot.StandIn.Uploads, u => u.ChannelId == bot.Dm("miabbott")).FileName);
    }

    [Fact]
    public async Task A_dm_slack_no_longer_takes_is_opened_again_and_the_answer_arrives_there()
    {
        await bot.SayAsync("miabbott", "teamcluster request");
        var old = bot.Dm("miabbott");
        bot.StandIn.RetireDirectMessage(Miabbott);
        var from = bot.StandIn.Messages.Count;

        await bot.SayAsync("miabbott", "teamcluster done");

        Assert.NotEqual(old, bot.Dm("miabbott"));
        Assert.Equal(2, Opens(Miabbott));
        Assert.Contains(old, bot.StandIn.CallsTo("chat.postMessage").Select(c => c.Arg("channel"))); // tried, refused, then opened again
        Assert.StartsWith("you released team-rhcos", Assert.Single(bot.StandIn.Messages.Skip(from), m => m.Channel == bot.Dm("miabbott")).Text, StringComparison.Ordinal);
        Assert.Equal(["lease: @miabbott took team-rhcos (read-write)", "lease: @miabbott released team-rhcos"], bot.Subjects());
    }

    private int Opens(string userId) => bot.StandIn.CallsTo("conversations.open").Count(c => c.Arg("users") == userId);
}
