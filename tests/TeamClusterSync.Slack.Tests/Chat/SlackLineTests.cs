using System.Text.Json.Nodes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Chat;

/// <summary>
/// The line in Slack, against the stand-in: the "Wait in line" and "Take it" buttons, the offer and its window through
/// the minute sweep, the team channel's status edited with <c>chat.update</c>, the Home tab republished for whoever
/// has it open, and a ping that times out.
/// </summary>
public sealed class SlackLineTests : IAsyncLifetime
{
    private SlackChatFixture bot = null!;

    public async Task InitializeAsync() => bot = await SlackChatFixture.StartAsync();

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task Two_wait_by_button_and_by_word_the_first_is_offered_it_others_are_turned_away_and_the_offer_moves_on()
    {
        await bot.SayAsync("miabbott", "request");
        await bot.SayAsync("cgwalters", "request");
        var inUse = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("cgwalters"));
        await PressAsync("cgwalters", inUse, "Wait in line");
        await bot.SayAsync("jlebon", "wait");
        await bot.StandIn.SendHomeOpenedAsync(SlackChatFixture.People["cgwalters"]);
        await bot.HandledAsync();
        Assert.Contains("*In line:* @cgwalters, @jlebon", Home("cgwalters"), StringComparison.Ordinal);

        var from = bot.StandIn.Calls.Count;
        await bot.SayAsync("miabbott", "done");
        await bot.SayAsync("jlebon", "request");

        Assert.Equal(
            """
            to @miabbott:
            you released team-rhcos, thanks! It is offered to @cgwalters, first in line, until <time>

            to @cgwalters:
            @miabbott is done with team-rhcos, so it is free, and you are first in line: it is yours if you take it by <time> with `teamcluster request`

            to #team-rhcos:
            team-rhcos is free (checked clean): offered to @cgwalters, first in line, until <time>

            to @jlebon:
            team-rhcos is free but reserved for @cgwalters, first in line, until <time>; you are in line (place 2)


            """,
            bot.Rendered(from));
        Assert.Contains("*In line:* @cgwalters (offered until ", Home("cgwalters"), StringComparison.Ordinal);
        Assert.EndsWith("free; in line: @cgwalters (offered until 2026-11-25 09:15 UTC), @jlebon; last release: checked clean after @miabbott's release", Status());

        from = bot.StandIn.Calls.Count;
        bot.Clock.Advance(TimeSpan.FromMinutes(15));
        await bot.SweepAsync();
        var offer = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("jlebon"));
        await PressAsync("jlebon", offer, "Take it");

        Assert.Equal(
            """
            to @cgwalters:
            you did not take team-rhcos by <time>, so it went to the next in line and you left the line; `teamcluster wait` gets you back in at the end

            to @jlebon:
            team-rhcos is free, and you are first in line: it is yours if you take it by <time> with `teamcluster request`

            to @jlebon:
            cluster https://console.team-redhat-coreos.devcluster.openshift.com/ is currently available
            attachment: kubeconfig-team-rhcos.yaml

            to @jlebon:
            use `teamcluster done` when you're done (your lease runs until <time>)


            """,
            bot.Rendered(from));
        Assert.Equal("lease: @jlebon took team-rhcos (read-write)", bot.Subjects()[^1]);
        Assert.Contains(": held by @jlebon until 2026-11-25 17:15 UTC", Status(), StringComparison.Ordinal);
        Assert.Single(bot.StandIn.Messages, StandInTranscript.IsStatusMessage);
        Assert.Contains("*In line:* nobody", Home("cgwalters"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ping_nobody_answers_is_told_with_a_wait_in_line_button_and_the_holder_reminded()
    {
        await bot.SayAsync("miabbott", "request");
        await bot.SayAsync("cgwalters", "ping");

        var from = bot.StandIn.Calls.Count;
        bot.Clock.Advance(TimeSpan.FromHours(2));
        await bot.SweepAsync();
        var told = bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("cgwalters"));
        await PressAsync("cgwalters", told, "Wait in line");

        Assert.Equal(
            """
            to @cgwalters:
            @miabbott did not answer your request for team-rhcos within 2h; I reminded them, and your request stays open. `teamcluster wait` puts you in line for when the cluster is free

            to @miabbott:
            reminder: user @cgwalters asked for access to team-rhcos 2h ago and is still waiting; reply "yes" to grant, "no <reason>" to indicate refusal

            to @cgwalters:
            you are first in line for team-rhcos; @miabbott holds it; I will offer it to you here when it is free


            """,
            bot.Rendered(from));
    }

    [Fact]
    public async Task The_Leave_the_line_button_on_the_Home_tab_takes_me_out()
    {
        await bot.SayAsync("miabbott", "request");
        await bot.SayAsync("cgwalters", "wait");
        await bot.StandIn.SendHomeOpenedAsync(SlackChatFixture.People["cgwalters"]);
        await bot.HandledAsync();
        Assert.Contains("\"value\":\"teamcluster leave team-rhcos\"", Home("cgwalters"), StringComparison.Ordinal);

        await bot.StandIn.SendHomeBlockActionAsync(SlackChatFixture.People["cgwalters"], "teamcluster-home-1", "teamcluster leave team-rhcos");
        await bot.HandledAsync();

        Assert.Equal("you left the line for team-rhcos", bot.StandIn.Messages.Last(m => m.Channel == bot.Dm("cgwalters")).Text);
        Assert.Equal("lease: @cgwalters left the line for team-rhcos", bot.Subjects()[^1]);
        Assert.Contains("*In line:* nobody", Home("cgwalters"), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"teamcluster wait team-rhcos\"", Home("cgwalters"), StringComparison.Ordinal);
    }

    /// <summary>Presses the button labelled <paramref name="label"/> on <paramref name="message"/>, as Slack sends it.</summary>
    private async Task PressAsync(string login, PostedMessage message, string label)
    {
        var button = JsonNode.Parse(message.Blocks!)!.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .Single(e => e!["text"]!["text"]!.GetValue<string>() == label)!;
        await bot.StandIn.SendBlockActionAsync(
            SlackChatFixture.People[login], message.Channel, message.Ts, button["action_id"]!.GetValue<string>(), button["value"]!.GetValue<string>());
        await bot.HandledAsync();
    }

    private string Home(string login) => bot.StandIn.HomeViews[SlackChatFixture.People[login]];

    private string Status() => Assert.Single(bot.StandIn.Messages, StandInTranscript.IsStatusMessage).Text;
}
