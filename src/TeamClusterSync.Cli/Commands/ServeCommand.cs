using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Kubernetes.LeaderElection;
using TeamClusterSync.Slack.SocketMode;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync serve</c>: the bot in production, answering Slack and running the reconcilers.</summary>
internal sealed class ServeCommand(HostSettings? settings = null) : ICliCommand
{
    private static readonly CliOption Urls = new("urls", "URL", "where to listen for /healthz, /readyz, /metrics and Slack HTTP events (default http://0.0.0.0:8080)");
    private static readonly CliOption LeaderElect = new("leader-elect", null, "run the scheduled jobs only while holding a Kubernetes Lease (for more than one replica)");
    private static readonly CliOption LeaderElectName = new("leader-elect-name", "NAME", $"the Lease's name (default {LeaderElectionSettings.DefaultName})");
    private static readonly CliOption LeaderElectNamespace = new("leader-elect-namespace", "NAMESPACE", "the Lease's namespace (default: $POD_NAMESPACE, else default)");
    private static readonly CliOption LogFormat = new("log-format", "FORMAT", $"text (default) or json, one object per line (also ${HostSettings.LogFormatVariable})", [ServeLogging.Text, ServeLogging.Json]);

    public string Name => "serve";

    public string Summary => "run the bot for Slack (Socket Mode or HTTP events) with the lease sweep";

    public string Usage => "teamclustersync serve --repo PATH_OR_URL [--urls URL] [--leader-elect [--leader-elect-name NAME] [--leader-elect-namespace NS]] [--log-format text|json]";

    public string Details => $"""
        Environment:
          {HostSettings.SlackBotTokenVariable}        the bot token (xoxb-...), required
          {HostSettings.SlackAppTokenVariable}        an app token (xapp-..., connections:write) for Socket Mode: no public URL needed
          {HostSettings.SlackSigningSecretVariable}   the signing secret for HTTP events at /slack/events, /slack/commands, /slack/interactive
          {HostSettings.GitTokenVariable}  the token for an https config repo (never logged)
          {HostSettings.GitHubTokenVariable}               optional (read:org): run 'teamclustersync sync' every 15 minutes
          {HostSettings.HiveKubeconfigVariable}            optional: the hub cluster's kubeconfig, for clusters with provider: hive
          KUBECONFIG                 with --leader-elect outside a pod: the cluster holding the Lease (in a pod: its service account)
        Every minute the lease sweep reminds holders before their lease ends and releases leases that ran out.
        With --leader-elect only the replica holding the Lease runs the sweep, reprovisioning and team sync; every
        replica answers chat. On SIGTERM serve stops taking Slack events, lets work in flight finish and gives the Lease up.
        Slack down at start (unreachable, an answer that is not JSON, a refused token) does not stop serve: /readyz
        says why, the log says it once, and serve asks Slack again with backoff until it answers.
        Exit codes: 0 stopped cleanly, 1 the repo could not be opened or a part of serve failed for good, 2 usage or missing settings.
        To try the bot without Slack, run 'teamclustersync demo'.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, Urls, LeaderElect, LeaderElectName, LeaderElectNamespace, LogFormat];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        var host = settings ?? HostSettings.From(console.Environment);
        var (slack, problem) = host.ServeSlack();
        if (slack is null)
        {
            console.Error.WriteLine($"teamclustersync serve: {problem}");
            return ExitCodes.Usage;
        }

        if (args.Value("log-format") is null && host.LogFormat is { } format && format is not (ServeLogging.Text or ServeLogging.Json))
        {
            console.Error.WriteLine($"teamclustersync serve: {HostSettings.LogFormatVariable} must be text or json, not '{format}'");
            return ExitCodes.Usage;
        }

        return await ConfigRepo.RunAsync(args.Value("repo"), host, console, Name, async store =>
        {
            await using var app = await ServeHost.BuildAsync(host, slack, store, ServeOptionsOf(args, host));
            // Taken before it runs: the host disposes its services when it stops.
            var socketMode = app.Services.GetService<SocketModeStatus>();
            var hosted = app.Services.GetServices<IHostedService>().ToList();
            try
            {
                await app.RunAsync();
            }
            catch (OperationCanceledException) when (ServeFailure.Of(hosted) is not null)
            {
                // A part failed while the host was still starting, which cancels the start; its reason follows.
            }

            if ((socketMode?.Refused ?? ServeFailure.Of(hosted)) is { } failure)
            {
                console.Error.WriteLine($"error: {failure}");
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        });
    }

    private static ServeOptions ServeOptionsOf(CliArgs args, HostSettings host) => new()
    {
        Urls = args.Value("urls") ?? "http://0.0.0.0:8080",
        LogFormat = args.Value("log-format") ?? host.LogFormat ?? ServeLogging.Text,
        LeaderElection = args.Flag("leader-elect")
            ? new LeaderElectionSettings(
                args.Value("leader-elect-name") ?? LeaderElectionSettings.DefaultName,
                args.Value("leader-elect-namespace") ?? host.PodNamespace ?? "default",
                LeaderElectionSettings.NewIdentity(host.PodName))
            : null,
    };
}
