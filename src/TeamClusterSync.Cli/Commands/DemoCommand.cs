using TeamClusterSync.Cli.Chat;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git.Seeding;

namespace TeamClusterSync.Cli.Commands;

/// <summary>
/// <c>teamclustersync demo</c>: the embedded default. Seeds a bare "origin" from the built-in example config (once),
/// then opens the terminal chat on it: simulated clusters, state committed to real git, no tokens.
/// </summary>
internal sealed class DemoCommand(HostSettings? settings = null) : ICliCommand
{
    private static readonly CliOption Dir = new("dir", "DIR", "where the demo's config repo lives (default: ./.demo)");

    private static readonly CliOption As = new("as", "LOGIN", "who you are at the start (default: cgwalters)");

    public string Name => "demo";

    public string Summary => "run the bot on a local config repo seeded from the example config, chatting in the terminal";

    public string Usage => "teamclustersync demo [--dir DIR] [--as LOGIN]";

    public string Details => """
        The first run creates DIR/origin.git, a bare git repo with the example config (team redhat-coreos with
        cgwalters, miabbott and jlebon; team machine-config), and later runs continue where you left off; delete
        DIR to start over. Kubeconfigs handed out are written to DIR/out/LOGIN/. Lease changes are commits on DIR/origin.git: try
          git --git-dir DIR/origin.git log -- state/leases/team-rhcos.yaml
        Exit codes: 0 ok, 1 the repo could not be set up, 2 usage error.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [Dir, As];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        var login = (args.Value("as") ?? "cgwalters").TrimStart('@');
        if (!TerminalChat.IsLogin(login))
        {
            throw new UsageException($"--as '{login}' is not a GitHub login");
        }

        var dir = Path.GetFullPath(args.Value("dir") ?? ".demo");
        if (File.Exists(dir))
        {
            throw new UsageException($"--dir {dir} is a file; give a directory for the demo's config repo (it is created if missing)");
        }

        var origin = Path.Combine(dir, "origin.git");
        var credentials = Path.Combine(dir, "out");
        if (!Directory.Exists(origin))
        {
            LocalOrigin.CreateBare(origin, EmbeddedConfig.Files());
            console.Error.WriteLine($"seeded {origin} from the built-in example config");
        }

        console.Error.WriteLine($"""
            TeamClusterSync demo: config repo {origin}, simulated clusters, terminal chat.
            Team redhat-coreos (cluster team-rhcos): cgwalters, miabbott, jlebon. Team machine-config (team-mco): sinnykumari, yuqi-zhang.
            Kubeconfigs you are handed are saved under {credentials}/LOGIN/.
            From another terminal: teamclustersync chat --repo {origin} --as miabbott -- teamcluster status
            """);
        var host = settings ?? HostSettings.From(console.Environment);
        return await ConfigRepo.RunAsync(origin, host, console, Name, async store =>
        {
            await using var services = Composition.Build(host, store, console.Clock);
            await TerminalChat.Open(services, console, credentials).ReplAsync(login, CancellationToken.None);
            return ExitCodes.Ok;
        });
    }
}
