using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// What one team member can do to the others through the bot: loops of ping and withdraw, or request and done, hit
/// a per-person limit with a plain answer instead of flooding the holder's messages and git; a refusal's reason
/// cannot drive the terminal of whoever reads the history.
/// </summary>
public sealed class AbuseLimitTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_ping_and_withdraw_loop_reaches_the_holder_three_times_an_hour_then_gets_a_plain_answer()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var commitsBefore = fixture.Subjects().Count;
        var toHolder = 0;
        string? last = null;

        for (var i = 0; i < 10; i++)
        {
            var ping = await bot.HandleAsync("cgwalters", "teamcluster ping");
            toHolder += ping.Count(m => m.To.ToString() == "@miabbott");
            last = AppFixture.Render(ping);
            await bot.HandleAsync("cgwalters", "teamcluster done");
        }

        Assert.Equal(3, toHolder);
        Assert.Equal(6, fixture.Subjects().Count - commitsBefore);
        Assert.Equal(
            "@cgwalters: you have asked the holders of team-rhcos 3 times in the last 1h; so that the holders' messages and the history stay readable, "
            + "you can again from 2026-11-25 10:00 UTC",
            last);
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Contains("@miabbott:", AppFixture.Render(await bot.HandleAsync("cgwalters", "teamcluster ping")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_and_done_loop_stops_after_six_takes_an_hour_and_others_are_not_held_back()
    {
        var bot = await fixture.BotAsync();

        for (var i = 0; i < 6; i++)
        {
            Assert.StartsWith("@jlebon: cluster https://", AppFixture.Render(await bot.HandleAsync("jlebon", "teamcluster request")), StringComparison.Ordinal);
            Assert.StartsWith("@jlebon: you released team-rhcos", AppFixture.Render(await bot.HandleAsync("jlebon", "teamcluster done")), StringComparison.Ordinal);
        }

        Assert.StartsWith(
            "@jlebon: you have taken or asked for team-rhcos 6 times in the last 1h;", AppFixture.Render(await bot.HandleAsync("jlebon", "teamcluster request")), StringComparison.Ordinal);
        Assert.Equal(12, GitCli.Run(fixture.Origin, "log", "--format=%s", "main", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("@miabbott: cluster https://", AppFixture.Render(await bot.HandleAsync("miabbott", "teamcluster request")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_reason_with_terminal_escapes_is_stored_and_told_as_plain_words()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster ping");

        var no = await bot.HandleAsync("miabbott", "no busy\u001b]0;owned\u0007 until \u001b[2J\u001b[31m3pm\u0008\u0008");

        var message = GitCli.Run(fixture.Origin, "log", "-1", "--format=%B", "main");
        Assert.Contains("\nReason: busy until 3pm\n", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', message);
        Assert.StartsWith("@cgwalters: @miabbott refused your request for team-rhcos: busy until 3pm\n", AppFixture.Render(no), StringComparison.Ordinal);
    }
}
