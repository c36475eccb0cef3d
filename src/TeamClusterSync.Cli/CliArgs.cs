namespace TeamClusterSync.Cli;

/// <summary>Thrown for a command line that cannot be run as given; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A parsed command line: <c>--name value</c>, <c>--name=value</c>, flags, positionals, and <c>--</c> to end options.
/// Unknown options and missing values are usage errors; <c>--help</c> is always accepted.
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CliArgs Parse(IReadOnlyList<string> args, IReadOnlyList<CliOption> options)
    {
        var result = new CliArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                result.Positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                result.Positionals.Add(arg);
                continue;
            }

            var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg[2..], null);
            if (name == "help")
            {
                result.flags.Add(name);
                continue;
            }

            var option = options.FirstOrDefault(o => o.Name == name)
                ?? throw new UsageException($"unknown option '--{name}'");
            if (option.Value is null)
            {
                result.flags.Add(name);
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a {option.Value}"));
            if (option.Allowed is { } allowed && !allowed.Contains(value))
            {
                throw new UsageException($"--{name} must be one of {string.Join(", ", allowed)}, not '{value}'");
            }

            result.values[name] = value;
        }

        return result;
    }

    public string? Value(string name) => values.GetValueOrDefault(name);

    public bool Flag(string name) => flags.Contains(name);

    public bool Json => Value("output") == "json";
}
