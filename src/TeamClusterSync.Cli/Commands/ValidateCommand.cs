namespace TeamClusterSync.Cli;

/// <summary><c>teamclustersync validate</c>: checks a config repo and reports every mistake with its position.</summary>
internal sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";

    public string Summary => "check a config repo; print every error as path:line:col: error: message";

    public string Usage => "teamclustersync validate [--repo DIR] [--output text|json]";

    public string Details => "Exit codes: 0 valid, 1 errors found, 2 usage error.";

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, CliOption.Output];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        // Filled in by the config loader work (issue 2).
        console.Error.WriteLine("validate: not implemented yet");
        return Task.FromResult(ExitCodes.Failed);
    }
}
