using TeamClusterSync.App.Chat;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.App.Tests.Chat;

public class CommandParserTests
{
    [Theory]
    [InlineData("teamcluster request")]
    [InlineData("  TeamCluster   REQUEST  ")]
    [InlineData("<@U0BOT> teamcluster request")]
    [InlineData("@cluster-bot teamcluster request")]
    [InlineData("teamcluster\trequest")]
    public void Request_is_read_whatever_the_case_spacing_or_mention(string text) =>
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Request(), null), CommandParser.Parse(text));

    [Theory]
    [InlineData("teamcluster request ro", null)]
    [InlineData("teamcluster request readonly", null)]
    [InlineData("teamcluster request read-only team-rhcos", "team-rhcos")]
    [InlineData("teamcluster request RO Team-RHCOS", "team-rhcos")]
    public void Request_ro_names_an_optional_cluster(string text, string? cluster) =>
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.RequestReadOnly(), cluster), CommandParser.Parse(text));

    [Fact]
    public void Commands_take_an_optional_cluster()
    {
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Ping(), "team-mco"), CommandParser.Parse("teamcluster ping team-mco"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Done(), null), CommandParser.Parse("teamcluster done"));
        Assert.Equal(new ParsedCommand.Status("team-mco"), CommandParser.Parse("teamcluster status team-mco"));
        Assert.Equal(new ParsedCommand.History(null), CommandParser.Parse("teamcluster history"));
        Assert.Equal(new ParsedCommand.Report("team-mco"), CommandParser.Parse("teamcluster report team-mco"));
    }

    [Fact]
    public void Yes_and_no_are_answers_with_an_optional_user_and_a_reason()
    {
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Grant(), null), CommandParser.Parse("Yes"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Grant("cgwalters"), null), CommandParser.Parse("yes @cgwalters"));
        Assert.Equal(
            new ParsedCommand.Lease(new LeaseCommand.Deny("testing the upgrade path, 30 more minutes"), null),
            CommandParser.Parse("no testing the upgrade path, 30 more minutes"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Deny("busy", "jlebon"), null), CommandParser.Parse("no @jlebon busy"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Deny("no reason given"), null), CommandParser.Parse("no"));
    }

    [Fact]
    public void A_word_that_is_a_version_asks_for_a_cluster_of_that_version()
    {
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Request("4.16"), null), CommandParser.Parse("teamcluster request 4.16"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.RequestReadOnly("4.16"), null), CommandParser.Parse("teamcluster request ro 4.16"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Request(), "team-4"), CommandParser.Parse("teamcluster request team-4"));
    }

    [Fact]
    public void Leads_actions_name_the_cluster_and_reclaim_and_pause_say_why()
    {
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Reclaim("away for a week"), "team-mco"), CommandParser.Parse("teamcluster reclaim Team-MCO away for a week"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Pause("upgrading it"), "team-mco"), CommandParser.Parse("teamcluster pause team-mco upgrading it"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Reprovision("broken etcd"), "team-mco"), CommandParser.Parse("teamcluster reprovision team-mco broken etcd"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Reprovision("broken etcd", Now: true), "team-mco"), CommandParser.Parse("teamcluster reprovision team-mco NOW broken etcd"));
        Assert.Equal(
            new ParsedCommand.Unknown("\"reprovision\" takes the cluster, `now` if it cannot wait, and why, e.g. `teamcluster reprovision team-mco now broken by an experiment`"),
            CommandParser.Parse("teamcluster reprovision team-mco now"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.EndPause(), "team-mco"), CommandParser.Parse("teamcluster resume team-mco"));
        Assert.Equal(
            new ParsedCommand.Unknown("\"reclaim\" takes the cluster and why, e.g. `teamcluster reclaim team-mco away until Monday`"),
            CommandParser.Parse("teamcluster reclaim team-mco"));
        Assert.Equal(
            new ParsedCommand.Unknown("\"resume\" takes the cluster, e.g. `teamcluster resume team-mco`"),
            CommandParser.Parse("teamcluster resume"));
    }

    [Fact]
    public void Extend_takes_an_optional_duration_and_cluster_in_either_order()
    {
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Extend(TimeSpan.FromHours(2)), "team-rhcos"), CommandParser.Parse("teamcluster extend team-rhcos 2h"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Extend(TimeSpan.FromHours(2)), "team-rhcos"), CommandParser.Parse("teamcluster extend 2h team-rhcos"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Extend(TimeSpan.FromHours(-5)), null), CommandParser.Parse("teamcluster extend -5h"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Extend(TimeSpan.Zero), null), CommandParser.Parse("teamcluster extend 0m"));
        Assert.Equal(new ParsedCommand.WhoAmI(), CommandParser.Parse("teamcluster whoami"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Auth(), "team-mco"), CommandParser.Parse("teamcluster auth team-mco"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Extend(TimeSpan.FromHours(2)), null), CommandParser.Parse("teamcluster extend 2h"));
        Assert.Equal(new ParsedCommand.Lease(new LeaseCommand.Extend(), "team-mco"), CommandParser.Parse("teamcluster extend team-mco"));
        Assert.Equal(
            new ParsedCommand.Unknown("\"2x\" is not a duration; write it like 90m, 2h or 1h30m"),
            CommandParser.Parse("teamcluster extend 2x"));
    }

    [Theory]
    [InlineData("teamcluster", "help")]
    [InlineData("teamcluster help", "help")]
    [InlineData("", "empty message")]
    [InlineData("hello bot", "I don't know \"hello bot\"")]
    [InlineData("teamcluster steal", "\"steal\" is not a teamcluster command")]
    [InlineData("teamcluster request a b", "too many words after the command: \"a b\"")]
    [InlineData("yes because", "\"yes\" takes no reason; to refuse, write \"no <reason>\"")]
    public void Anything_else_is_help_or_says_what_was_wrong(string text, string expected)
    {
        var parsed = CommandParser.Parse(text);
        Assert.Equal(expected, parsed is ParsedCommand.Unknown u ? u.Problem : "help");
    }

    [Theory]
    [InlineData("teamcluster request a ")]
    [InlineData("teamcluster ")]
    [InlineData("")]
    public void A_megabyte_message_is_never_echoed_back_whole(string prefix)
    {
        var parsed = CommandParser.Parse(prefix + new string('x', 1 << 20));

        var problem = Assert.IsType<ParsedCommand.Unknown>(parsed).Problem;
        Assert.InRange(problem.Length, 1, 100);
        Assert.Contains("xxx…", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("request")]
    [InlineData("ping")]
    [InlineData("done")]
    [InlineData("extend")]
    [InlineData("auth")]
    [InlineData("wait")]
    [InlineData("leave")]
    [InlineData("restore")]
    [InlineData("keep")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("report")]
    [InlineData("whoami")]
    [InlineData("help")]
    [InlineData("reclaim")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("reprovision")]
    public void Every_command_is_in_the_help(string verb)
    {
        Assert.Contains($"\n  teamcluster {verb}", HelpText.Full, StringComparison.Ordinal);
    }
}
