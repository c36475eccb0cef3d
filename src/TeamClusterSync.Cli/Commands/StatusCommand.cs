namespace TeamClusterSync.Cli;

/// <summary><c>teamclustersync status</c>: show each cluster, its holders, readers and expiry.</summary>
internal sealed class StatusCommand : ICliCommand
{
    public string Name => "status";

    public string Summary => "show each cluster, its holders, readers and expiry";

    public string Usage => "teamclustersync status [--repo PATH_OR_URL] [--output text|json]";

    public string Details => "Exit codes: 0 ok, 1 failure, 2 usage error.";

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, CliOption.Output];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        // Filled in by the state store work (issue 3).
        console.Error.WriteLine("status: not implemented yet");
        return Task.FromResult(ExitCodes.Failed);
    }
}
