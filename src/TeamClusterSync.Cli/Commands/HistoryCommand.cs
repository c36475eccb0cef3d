namespace TeamClusterSync.Cli;

/// <summary><c>teamclustersync history</c>: show every lease transition of a cluster, newest first, from git.</summary>
internal sealed class HistoryCommand : ICliCommand
{
    public string Name => "history";

    public string Summary => "show every lease transition of a cluster, newest first, from git";

    public string Usage => "teamclustersync history CLUSTER [--repo PATH_OR_URL] [--output text|json]";

    public string Details => "Exit codes: 0 ok, 1 failure, 2 usage error.";

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, CliOption.Output];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        // Filled in by the state store work (issue 3).
        console.Error.WriteLine("history: not implemented yet");
        return Task.FromResult(ExitCodes.Failed);
    }
}
