namespace TeamClusterSync.Cli;

/// <summary>One subcommand: its name, its options, and what it does.</summary>
internal interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The synopsis, e.g. <c>teamclustersync validate [--repo DIR]</c>.</summary>
    string Usage { get; }

    /// <summary>Longer help: what each option means, exit codes.</summary>
    string Details { get; }

    IReadOnlyList<CliOption> Options { get; }

    Task<int> RunAsync(CliArgs args, Terminal console);
}

/// <summary>An option; <see cref="Value"/> names its argument, or is null for a flag.</summary>
internal sealed record CliOption(string Name, string? Value, string Description, IReadOnlyList<string>? Allowed = null)
{
    public static CliOption Output { get; } = new("output", "FORMAT", "text (default) or json", ["text", "json"]);

    public static CliOption Repo { get; } =
        new("repo", "PATH_OR_URL", "the config repo: a directory, a bare repo, or a git URL (default: current directory)");
}
