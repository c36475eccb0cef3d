using TeamClusterSync.Cli.Chat;
using TeamClusterSync.Cli.Hosting;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync chat</c>: the terminal front end of the bot, one message or a small REPL.</summary>
internal sealed class ChatCommand(HostSettings? settings = null) : ICliCommand
{
    private static readonly CliOption As = new("as", "LOGIN", "who is talking: a GitHub login from the team config (required)");

    private static readonly CliOption Out = new("out", "DIR", "write attachments (kubeconfigs) to DIR/LOGIN/FILENAME");

    public string Name => "chat";

    public string Summary => "talk to the bot from the terminal, as a given user";

    public string Usage => "teamclustersync chat --repo PATH_OR_URL --as LOGIN [--out DIR] [--output text|json] [--] [MESSAGE...]";

    public string Details => """
        With MESSAGE, handles that one message and exits; without, reads messages line by line
        (`/as LOGIN` switches user, `/quit` or end of input stops). State lives in the repo, so successive
        invocations continue one conversation. Every message the bot sends is printed as a block:
          to @LOGIN:          (a direct message) or  to #channel:
          <text>
          attachment: FILE    (when a file came with it; written to DIR/LOGIN/FILE with --out)
        With --output json, each message is one line of JSON: {"to":"@LOGIN","text":...,"attachment":...,"buttons":[...]}.
        Exit codes: 0 handled (even when the bot said no), 1 the repo could not be used, 2 usage error.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, As, Out, CliOption.Output];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        if (args.Value("repo") is null)
        {
            throw new UsageException("--repo is required (the config repo: a bare repo path or URL)");
        }

        var login = args.Value("as") ?? throw new UsageException("--as LOGIN is required");
        login = login.TrimStart('@');
        if (!TerminalChat.IsLogin(login))
        {
            throw new UsageException($"--as '{login}' is not a GitHub login");
        }

        if (args.Value("out") is { } output && CannotWrite(output) is { } problem)
        {
            // Checked before the message goes to the bot: a request would take the cluster and then fail to save
            // its kubeconfig.
            console.Error.WriteLine($"teamclustersync chat: --out {output}: {problem}; nothing was sent, so nothing changed. Choose a directory you can write to.");
            return ExitCodes.Failed;
        }

        var host = settings ?? HostSettings.From(console.Environment);
        return await ConfigRepo.RunAsync(args.Value("repo"), host, console, Name, async store =>
        {
            await using var services = Composition.Build(host, store, console.Clock);
            var chat = TerminalChat.Open(services, console, args.Value("out"), args.Json);
            if (args.Positionals.Count > 0)
            {
                await chat.SayAsync(login, string.Join(' ', args.Positionals), CancellationToken.None);
            }
            else
            {
                await chat.ReplAsync(login, CancellationToken.None);
            }

            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Why kubeconfigs cannot be written under <paramref name="directory"/>, or null. Creates nothing: the nearest
    /// folder that exists must be a folder that takes a file.
    /// </summary>
    private static string? CannotWrite(string directory)
    {
        var existing = Path.GetFullPath(directory);
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"{existing} is a file, not a directory";
            }

            existing = Path.GetDirectoryName(existing) ?? "/";
        }

        try
        {
            var probe = Path.Combine(existing, $".teamclustersync-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
