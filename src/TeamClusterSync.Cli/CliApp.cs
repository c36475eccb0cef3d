using TeamClusterSync.Cli.Commands;

namespace TeamClusterSync.Cli;

/// <summary>The command-line entry: picks the command, parses its options, maps failures to exit codes.</summary>
public static class CliApp
{
    /// <summary>Every command of the program, in the order help lists them.</summary>
    internal static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new DemoCommand(),
        new ChatCommand(),
        new ServeCommand(),
        new SyncCommand(),
        new StatusCommand(),
        new HistoryCommand(),
        new ReportCommand(),
        new ValidateCommand(),
    ];

    /// <param name="environment">Where settings and tokens come from: the process environment unless a caller (a test) gives its own.</param>
    /// <param name="clock">The time commands that show it compare with (<c>status</c>: expired leases); the system's unless given.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, Func<string, string?>? environment = null, TimeProvider? clock = null)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            var topic = args.Length > 1 ? Find(args[1]) : null;
            stdout.Write(topic is null ? Help.Overview(Commands) : Help.For(topic));
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        if (args[0] is "--version")
        {
            stdout.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Ok;
        }

        var command = Find(args[0]);
        if (command is null)
        {
            var guess = Help.Nearest(args[0], Commands.Select(c => c.Name));
            stderr.WriteLine($"teamclustersync: unknown command '{args[0]}'{(guess is null ? "." : $"; did you mean '{guess}'?")} Run 'teamclustersync help' for the list.");
            return ExitCodes.Usage;
        }

        CliArgs parsed;
        try
        {
            parsed = CliArgs.Parse(args[1..], command.Options);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"teamclustersync {command.Name}: {e.Message}");
            stderr.WriteLine($"usage: {command.Usage}");
            return ExitCodes.Usage;
        }

        if (parsed.Flag("help"))
        {
            stdout.Write(Help.For(command));
            return ExitCodes.Ok;
        }

        try
        {
            return await command.RunAsync(parsed, new Terminal(stdout, stderr, stdin)
            {
                Environment = environment ?? System.Environment.GetEnvironmentVariable,
                Clock = clock ?? TimeProvider.System,
            });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"teamclustersync {command.Name}: {e.Message}");
            stderr.WriteLine($"usage: {command.Usage}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file or directory the command needed (a --dir, an --out) refused: one line, never a stack trace.
            stderr.WriteLine($"teamclustersync {command.Name}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static ICliCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);
}

/// <summary>The process exit codes every command uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and found problems (invalid config, refused operation).</summary>
    public const int Failed = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}

/// <summary>The streams a command talks through, and the environment it reads its settings from; tests pass their own.</summary>
public sealed record Terminal(TextWriter Out, TextWriter Error, TextReader In)
{
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
