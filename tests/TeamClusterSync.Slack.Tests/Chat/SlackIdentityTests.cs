using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Slack.Tests.Chat;

/// <summary>
/// Who a Slack account is: a pinned <c>slack:</c> id is the only account of that person, and an email maps only a
/// confirmed full member of this workspace (guests with <c>sync.includeGuests</c>). Attacks over Socket Mode, as in serve.
/// </summary>
public sealed class SlackIdentityTests : IAsyncLifetime
{
    private const string Email = "cgwalters@example.com";
    private SlackChatFixture bot = null!;

    public async Task InitializeAsync() => bot = await SlackChatFixture.StartAsync();

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task A_confirmed_full_member_still_maps_by_email()
    {
        Unpin();

        await bot.SayAsync("cgwalters", "teamcluster request");

        Assert.Single(Commits());
        Assert.Contains("@cgwalters", Commits()[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_with_a_members_email_cannot_release_their_cluster_and_git_records_nothing()
    {
        Unpin();
        await bot.SayAsync("cgwalters", "teamcluster request");
        var before = Commits();
        bot.StandIn.AddUser(new StandInUser("U0EXTERNAL", "cgwalters", Email) { IsStranger = true, TeamId = "T0OTHERORG" });

        var refusal = await SayAsAsync("U0EXTERNAL", "teamcluster done");

        Assert.Equal(Refusal("belongs to another organisation (Slack Connect)"), refusal);
        Assert.Equal(before, Commits());
    }

    [Fact]
    public async Task A_guest_with_a_members_email_is_refused()
    {
        Unpin();
        bot.StandIn.AddUser("U0GUEST", "cgwalters", Email, isGuest: true);

        Assert.Equal(Refusal("is a guest of this workspace"), await SayAsAsync("U0GUEST", "teamcluster request"));
        Assert.Empty(Commits());
    }

    [Fact]
    public async Task A_guest_maps_by_email_when_sync_includes_guests()
    {
        Unpin(settings => settings.Replace("  minGroupSize: 1\n", "  minGroupSize: 1\n  includeGuests: true\n", StringComparison.Ordinal));
        bot.StandIn.AddUser("U0GUEST", "cgwalters", Email, isGuest: true);

        await bot.StandIn.SendMessageAsync("U0GUEST", bot.StandIn.DirectMessageChannel("U0GUEST"), "teamcluster request");
        await bot.HandledAsync();

        Assert.Contains("@cgwalters", Assert.Single(Commits()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_slack_id_wins_over_another_account_with_the_same_email()
    {
        bot.StandIn.AddUser("U0SECOND", "cgwalters", Email);

        Assert.Equal(
            Refusal("is not the Slack account people.yaml names for that email"),
            await SayAsAsync("U0SECOND", "teamcluster request"));
        Assert.Empty(Commits());
    }

    [Fact]
    public async Task A_deactivated_or_unconfirmed_account_is_refused()
    {
        Unpin();
        bot.StandIn.AddUser("U0DELETED", "cgwalters", Email, deleted: true);
        bot.StandIn.AddUser(new StandInUser("U0UNCONFIRMED", "cgwalters", Email) { EmailConfirmed = false });

        await bot.StandIn.SendMessageAsync("U0DELETED", bot.StandIn.DirectMessageChannel("U0DELETED"), "teamcluster request");
        await bot.HandledAsync();

        // Slack opens no DM with a deactivated account (conversations.open: user_disabled), so it hears nothing.
        Assert.DoesNotContain(bot.StandIn.Messages, m => m.Channel == bot.StandIn.DirectMessageChannel("U0DELETED"));
        Assert.Equal(Refusal("has an email Slack has not confirmed"), await SayAsAsync("U0UNCONFIRMED", "teamcluster request"));
        Assert.Empty(Commits());
    }

    private static string Refusal(string why) =>
        $"Your Slack account {why}, so I can't take it for @cgwalters: only a change to people.yaml, "
        + "through a pull request your team's admins approve, can add it.";

    /// <summary>A DM from any account; the one answer it got.</summary>
    private async Task<string> SayAsAsync(string slackUserId, string text)
    {
        var from = bot.StandIn.Messages.Count;
        await bot.StandIn.SendMessageAsync(slackUserId, bot.StandIn.DirectMessageChannel(slackUserId), text);
        await bot.HandledAsync();
        return bot.StandIn.Messages.Skip(from).First(m => m.Channel == bot.StandIn.DirectMessageChannel(slackUserId)).Text;
    }

    /// <summary>The subjects of the commits that changed state (the bot's; the seed and human edits change none), newest first.</summary>
    private List<string> Commits() =>
        [.. GitCli.Run(bot.Origin, "log", "--format=%s", "--", "state").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A human drops cgwalters' <c>slack:</c> id (and edits the settings), so only their email maps them.</summary>
    private void Unpin(Func<string, string>? settings = null)
    {
        var work = bot.Origin + ".human"; // beside the origin, in the fixture's directory, removed with it
        GitCli.Run(Path.GetDirectoryName(bot.Origin)!, "clone", "--quiet", bot.Origin, work);
        var people = Path.Combine(work, "people.yaml");
        File.WriteAllText(people, File.ReadAllText(people).Replace("  slack: U01CGWALTERS\n", "", StringComparison.Ordinal));
        var file = Path.Combine(work, "teamclustersync.yaml");
        File.WriteAllText(file, (settings ?? (s => s))(File.ReadAllText(file)));
        GitCli.Run(work, "commit", "--quiet", "-am", "cgwalters is known by email");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
    }
}
