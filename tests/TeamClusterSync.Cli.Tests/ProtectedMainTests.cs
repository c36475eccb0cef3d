using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests;

/// <summary>
/// A config repo set up as the README says, on a forge where main takes only pull requests (a pre-receive hook refusing
/// every direct push to main, as branch protection does): leases land on the state branch, main never moves, and the
/// config repo's validate workflow is not started by the bot's commits.
/// </summary>
public sealed class ProtectedMainTests : IDisposable
{
    /// <summary>What a forge's branch protection does to a direct push to main, in a server-side hook.</summary>
    private const string ProtectMain = """
        #!/bin/sh
        while read old new ref; do
          if [ "$ref" = "refs/heads/main" ]; then
            echo "main is protected: changes come through pull requests" >&2
            exit 1
          fi
        done
        """;

    private readonly TempDirectory temp = new("tcs-protected");

    private string Origin => temp.Combine("origin.git");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task With_the_setups_state_branch_leases_land_on_it_while_main_refuses_direct_pushes()
    {
        var config = temp.Combine("config");
        GitCli.CopyDirectory(RepoRoot.ExampleConfig, config);
        UseStateBranch(config);
        GitCli.CreateOrigin(Origin, config);
        GitCli.InstallHook(Origin, "pre-receive", ProtectMain);
        var main = GitCli.Run(Origin, "rev-parse", "main").Trim();
        var human = Assert.Throws<InvalidOperationException>(() => HumanPushToMain());
        Assert.Contains("main is protected: changes come through pull requests", human.Message, StringComparison.Ordinal);

        var (exit, output, error) = await ChatAsync("cgwalters", "teamcluster request");
        var (_, done, _) = await ChatAsync("cgwalters", "teamcluster done");

        Assert.True(exit == 0 && error.Length == 0, $"exit {exit}: {error}");
        Assert.StartsWith("to @cgwalters:\ncluster https://console.team-redhat-coreos.devcluster.openshift.com/ is currently available", output, StringComparison.Ordinal);
        Assert.StartsWith("to @cgwalters:\nyou released team-rhcos, thanks!", done, StringComparison.Ordinal);
        Assert.Equal(main, GitCli.Run(Origin, "rev-parse", "main").Trim());
        Assert.Equal(
            ["lease: @cgwalters released team-rhcos", "lease: @cgwalters took team-rhcos (read-write)"],
            GitCli.Run(Origin, "log", "--format=%s", "-2", "state", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", GitCli.Run(Origin, "log", "--format=%s", "main", "--", "state/leases"));
    }

    [Fact]
    public void The_validate_workflow_runs_on_pull_requests_and_main_never_on_the_bots_commits()
    {
        var workflow = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, ".github", "workflows", "validate.yaml"));

        // The bot commits to `state` (never main with the setup), and only ever changes state/ (so a bot writing to
        // main without a state branch does not start it either).
        Assert.Contains("on:\n  pull_request:\n  push:\n    branches: [main]\n    paths-ignore: [\"state/**\"]\n", workflow, StringComparison.Ordinal);
    }

    /// <summary>The README's setup step: the two commented lines in teamclustersync.yaml, uncommented.</summary>
    private static void UseStateBranch(string config)
    {
        var settings = Path.Combine(config, "teamclustersync.yaml");
        var text = File.ReadAllText(settings);
        Assert.Contains("\n# state:\n#   branch: state\n", text, StringComparison.Ordinal);
        File.WriteAllText(settings, text.Replace("\n# state:\n#   branch: state\n", "\nstate:\n  branch: state\n", StringComparison.Ordinal));
    }

    private void HumanPushToMain()
    {
        var work = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", Origin, work);
        File.AppendAllText(Path.Combine(work, "people.yaml"), "# a direct edit\n");
        GitCli.Run(work, "commit", "--quiet", "-am", "a direct edit");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
    }

    private async Task<(int Exit, string Output, string Error)> ChatAsync(string login, string message)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync(["chat", "--repo", Origin, "--as", login, "--", message], stdout, stderr, new StringReader(""), CliEnvironment.WithCache(temp.Combine("cache")));
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
