using TeamClusterSync.Testing;
using static TeamClusterSync.Cli.Tests.StatusCommandTests;

namespace TeamClusterSync.Cli.Tests;

/// <summary>
/// Mistakes on the command line get one sentence and a failing exit code, never a stack trace and never a silent
/// success: a file where a directory should be, an --out the program cannot write (checked before the bot acts), a
/// cluster that does not exist, a mistyped command.
/// </summary>
public sealed class CommandMistakeTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-mistakes");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Demo_with_a_file_for_its_directory_says_so_in_one_line()
    {
        var file = temp.Combine("a-file");
        File.WriteAllText(file, "not a directory\n");

        var (exit, output, error) = await RunAsync(temp, "demo", "--dir", file);

        Assert.Equal((ExitCodes.Usage, ""), (exit, output));
        Assert.Equal(
            $"teamclustersync demo: --dir {file} is a file; give a directory for the demo's config repo (it is created if missing)\nusage: teamclustersync demo [--dir DIR] [--as LOGIN]\n",
            error);
    }

    [Fact]
    public async Task Chat_with_an_out_it_cannot_write_changes_nothing_and_says_why()
    {
        var origin = temp.Combine("origin.git");
        GitCli.CreateOrigin(origin, RepoRoot.ExampleConfig);
        var file = temp.Combine("a-file");
        File.WriteAllText(file, "not a directory\n");
        var main = GitCli.Run(origin, "rev-parse", "main");

        var (exit, output, error) = await RunAsync(temp, "chat", "--repo", origin, "--as", "cgwalters", "--out", Path.Combine(file, "creds"), "--", "teamcluster", "request");

        Assert.Equal((ExitCodes.Failed, ""), (exit, output));
        Assert.StartsWith($"teamclustersync chat: --out {Path.Combine(file, "creds")}: ", error, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was sent, so nothing changed. Choose a directory you can write to.\n", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(main, GitCli.Run(origin, "rev-parse", "main"));
    }

    [Fact]
    public async Task History_of_a_cluster_that_does_not_exist_fails_and_names_those_that_do()
    {
        var origin = CreateOrigin(temp);

        var (exit, output, error) = await RunAsync(temp, "history", "team-rhcoss", "--repo", origin);

        Assert.Equal((ExitCodes.Failed, ""), (exit, output));
        Assert.Equal("teamclustersync history: no cluster 'team-rhcoss' in the config repo (clusters: team-ops, team-rhcos)\n", error);
    }

    [Fact]
    public async Task A_mistyped_command_gets_a_suggestion_and_a_word_that_is_no_command_gets_none()
    {
        var typo = await RunAsync(temp, "stauts");
        var other = await RunAsync(temp, "deploy");

        Assert.Equal(ExitCodes.Usage, typo.Exit);
        Assert.Equal("teamclustersync: unknown command 'stauts'; did you mean 'status'? Run 'teamclustersync help' for the list.\n", typo.Error);
        Assert.Equal(ExitCodes.Usage, other.Exit);
        Assert.Equal("teamclustersync: unknown command 'deploy'. Run 'teamclustersync help' for the list.\n", other.Error);
    }

    [Fact]
    public async Task Chat_help_lists_home()
    {
        var origin = temp.Combine("origin.git");
        GitCli.CreateOrigin(origin, RepoRoot.ExampleConfig);

        var (_, output, _) = await RunAsync(temp, "chat", "--repo", origin, "--as", "cgwalters", "--", "teamcluster", "help");

        Assert.Contains("\n  teamcluster home                   your teams' clusters at a glance (in Slack: the bot's Home tab)\n", output, StringComparison.Ordinal);
    }
}
