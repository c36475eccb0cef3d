using TeamClusterSync.Testing;

namespace TeamClusterSync.Slack.Tests.Chat;

/// <summary>A config revision with an error: Slack says what the terminal says, never "who are you?".</summary>
public sealed class SlackConfigErrorTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-slack-config");
    private SlackChatFixture bot = null!;

    public async Task InitializeAsync() => bot = await SlackChatFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await bot.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Someone_added_in_a_revision_with_an_error_is_told_the_error_not_that_they_are_unknown()
    {
        await bot.SayAsync("miabbott", "teamcluster status");
        bot.StandIn.AddUser("U01NEWBIE", "newbie", "newbie@example.com");
        var commit = CommitWithTypo();
        bot.Later();
        var from = bot.StandIn.Messages.Count;

        await bot.StandIn.SendMessageAsync("U01NEWBIE", bot.StandIn.DirectMessageChannel("U01NEWBIE"), "teamcluster request");
        await bot.HandledAsync();

        Assert.Equal(
            $"the config repo at {commit[..7]} has 1 error(s), the first: teams/redhat-coreos.yaml:2:1: error: not valid YAML: "
            + "while parsing a flow sequence, did not find expected ',' or ']'. Ask a team admin to fix it (`teamclustersync validate` lists them all).",
            Assert.Single(bot.StandIn.Messages.Skip(from)).Text);
    }

    /// <summary>A person adds newbie to people.yaml and, in the same commit, breaks a team file.</summary>
    private string CommitWithTypo()
    {
        var work = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", bot.Origin, work);
        File.AppendAllText(Path.Combine(work, "people.yaml"), "\n- github: newbie\n  slack: U01NEWBIE\n");
        File.WriteAllText(Path.Combine(work, "teams", "redhat-coreos.yaml"), "name: [unclosed\n");
        GitCli.Run(work, "commit", "--quiet", "-am", "add newbie (and a typo)");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
        return GitCli.Run(work, "rev-parse", "HEAD").Trim();
    }
}
