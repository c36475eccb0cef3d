using System.Text.Json;
using TeamClusterSync.Config;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync validate</c>: checks a config repo and reports every mistake with its position.</summary>
internal sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";

    public string Summary => "check a config repo; print every error as path:line:col: error: message";

    public string Usage => "teamclustersync validate [--repo DIR] [--output text|json]";

    public string Details => """
        Reads teamclustersync.yaml, teams/*.yaml, clusters/*.yaml and people.yaml and reports every error in
        one run, in the form editors and CI annotate. Run it in the config repo's CI on every pull request.
        Exit codes: 0 valid, 1 errors found, 2 usage error (including a missing directory).
        """;

    public IReadOnlyList<CliOption> Options { get; } =
    [
        new("repo", "DIR", "the config repo checkout (default: current directory)"),
        CliOption.Output,
    ];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        if (args.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        }

        var dir = args.Value("repo") ?? ".";
        if (!Directory.Exists(dir))
        {
            console.Error.WriteLine($"teamclustersync validate: no such directory: {dir}");
            return Task.FromResult(ExitCodes.Usage);
        }

        ConfigLoadResult result;
        try
        {
            result = ConfigLoader.Load(new DirectorySource(dir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"teamclustersync validate: cannot read {dir}: {e.Message}");
            return Task.FromResult(ExitCodes.Failed);
        }

        if (args.Json)
        {
            var errors = result.Diagnostics.Select(d => new { d.Path, d.Line, d.Column, d.Message });
            console.Out.WriteLine(JsonSerializer.Serialize(new { Valid = result.IsValid, Errors = errors }, CliJson.Document));
        }
        else if (result.Config is { } config)
        {
            console.Out.WriteLine($"ok: {Count(config.Teams.Count, "team")}, {Count(config.Clusters.Count, "cluster")}, {Count(config.People.Count, "person", "people")}");
        }
        else
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                console.Out.WriteLine(diagnostic.ToString());
            }

            var files = result.Diagnostics.Select(d => d.Path).Distinct().Count();
            console.Error.WriteLine($"{Count(result.Diagnostics.Count, "error")} in {Count(files, "file")}");
        }

        return Task.FromResult(result.IsValid ? ExitCodes.Ok : ExitCodes.Failed);
    }

    private static string Count(int n, string one, string? many = null) => n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";
}
