using System.Text.Json;
using TeamClusterSync.Config;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Diagnostics;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync validate</c>: checks a config repo and reports every mistake with its position.</summary>
internal sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";

    public string Summary => "check a config repo; print every error as path:line:col: error: message";

    public string Usage => "teamclustersync validate [--repo DIR] [--output text|json]";

    public string Details => """
        Reads teamclustersync.yaml, teams/*.yaml, clusters/*.yaml and people.yaml, and the files the bot writes
        under state/, and reports every error in one run, in the form editors and CI annotate. Run it in the
        config repo's CI on every pull request.
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
        IReadOnlyList<Diagnostic> diagnostics;
        try
        {
            var source = new DirectorySource(dir);
            result = ConfigLoader.Load(source);
            diagnostics = [.. result.Diagnostics.Concat(StateChecks.Check(source))
                .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"teamclustersync validate: cannot read {dir}: {e.Message}");
            return Task.FromResult(ExitCodes.Failed);
        }

        if (args.Json)
        {
            var errors = diagnostics.Select(d => new { d.Path, d.Line, d.Column, d.Message });
            console.Out.WriteLine(JsonSerializer.Serialize(new { Valid = diagnostics.Count == 0, Errors = errors }, CliJson.Document));
        }
        else if (diagnostics.Count == 0 && result.Config is { } config)
        {
            console.Out.WriteLine($"ok: {Count(config.Teams.Count, "team")}, {Count(config.Clusters.Count, "cluster")}, {Count(config.People.Count, "person", "people")}");
        }
        else
        {
            foreach (var diagnostic in diagnostics)
            {
                console.Out.WriteLine(diagnostic.ToString());
            }

            var files = diagnostics.Select(d => d.Path).Distinct().Count();
            console.Error.WriteLine($"{Count(diagnostics.Count, "error")} in {Count(files, "file")}");
        }

        return Task.FromResult(diagnostics.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }

    private static string Count(int n, string one, string? many = null) => n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";
}
