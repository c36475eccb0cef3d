using TeamClusterSync.Cli.Commands;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Git;

namespace TeamClusterSync.Cli.Tests;

/// <summary>
/// What a one-shot command costs the git host: the config repo is served over smart HTTP by <c>git http-backend</c>
/// from a real bare origin, and every ref advertisement (each fetch or ls-remote) is counted.
/// </summary>
public sealed class FetchCountTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-fetches");
    private GitHttpStandIn server = null!;

    private string Origin => temp.Combine("origin.git");

    private string Remote => server.UrlOf("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        server = await GitHttpStandIn.StartAsync(temp.Path);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        temp.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Status_and_history_each_fetch_once_with_a_new_or_a_warm_cache(bool separateStateBranch)
    {
        if (separateStateBranch)
        {
            UseStateBranch("state");
        }

        // A cluster with a history (an empty one costs a second read, to tell an unknown cluster from a quiet one).
        LeaseCommitted(separateStateBranch ? "state" : "main");

        var settings = HostSettings.From(name => name == HostSettings.CacheVariable ? temp.Combine("cache") : null);

        Assert.Equal(ExitCodes.Ok, await RunAsync(new StatusCommand(settings)));
        Assert.Equal(1, server.Fetches);
        Assert.Equal(ExitCodes.Ok, await RunAsync(new HistoryCommand(settings), "team-rhcos"));
        Assert.Equal(2, server.Fetches);
        Assert.Equal(ExitCodes.Ok, await RunAsync(new StatusCommand(settings)));
        Assert.Equal(3, server.Fetches);
        Assert.Equal(0, server.Pushes);
    }

    private void UseStateBranch(string branch)
    {
        var work = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", Origin, work);
        File.AppendAllText(Path.Combine(work, "teamclustersync.yaml"), $"state:\n  branch: {branch}\n");
        GitCli.Run(work, "commit", "--quiet", "-am", "state on its own branch");
        GitCli.Run(work, "push", "--quiet", "origin", "main", $"main:{branch}");
    }

    /// <summary>A lease file committed on <paramref name="branch"/> straight into origin (not through the counted server).</summary>
    private void LeaseCommitted(string branch)
    {
        var work = temp.Combine("leases");
        GitCli.Run(temp.Path, "clone", "--quiet", "--branch", branch, Origin, work);
        Directory.CreateDirectory(Path.Combine(work, "state", "leases"));
        File.WriteAllText(Path.Combine(work, "state", "leases", "team-rhcos.yaml"), "cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n");
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "commit", "--quiet", "-m", "lease: team-rhcos is free");
        GitCli.Run(work, "push", "--quiet", "origin", branch);
    }

    private async Task<int> RunAsync(ICliCommand command, params string[] positionals)
    {
        var args = CliArgs.Parse(["--repo", Remote, .. positionals], command.Options);
        return await command.RunAsync(args, new Terminal(new StringWriter(), new StringWriter(), new StringReader("")));
    }
}
