using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync serve</c>: the bot in production, answering Slack and running the reconcilers.</summary>
internal sealed class ServeCommand(HostSettings? settings = null) : ICliCommand
{
    private static readonly CliOption Urls = new("urls", "URL", "where to listen for /healthz, /readyz and Slack HTTP events (default http://0.0.0.0:8080)");

    public string Name => "serve";

    public string Summary => "run the bot for Slack (Socket Mode or HTTP events) with the lease sweep";

    public string Usage => "teamclustersync serve --repo PATH_OR_URL [--urls URL]";

    public string Details => $"""
        Environment:
          {HostSettings.SlackBotTokenVariable}        the bot token (xoxb-...), required
          {HostSettings.SlackAppTokenVariable}        an app token (xapp-..., connections:write) for Socket Mode: no public URL needed
          {HostSettings.SlackSigningSecretVariable}   the signing secret for HTTP events at /slack/events, /slack/commands, /slack/interactive
          {HostSettings.GitTokenVariable}  the token for an https config repo (never logged)
          {HostSettings.GitHubTokenVariable}               optional (read:org): run 'teamclustersync sync' every 15 minutes
          {HostSettings.HiveKubeconfigVariable}            optional: the hub cluster's kubeconfig, for clusters with provider: hive
        Every minute the lease sweep reminds holders before their lease ends and releases leases that ran out.
        Exit codes: 0 stopped cleanly, 1 the repo or Slack could not be reached, 2 usage or missing settings.
        To try the bot without Slack, run 'teamclustersync demo'.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, Urls];

    public async Task<int> RunAsync(CliArgs args, Terminal console)
    {
        var host = settings ?? HostSettings.FromEnvironment();
        var (slack, problem) = host.ServeSlack();
        if (slack is null)
        {
            console.Error.WriteLine($"teamclustersync serve: {problem}");
            return ExitCodes.Usage;
        }

        return await ConfigRepo.RunAsync(args.Value("repo"), host, console, Name, async store =>
        {
            try
            {
                await using var app = await ServeHost.BuildAsync(host, slack, store, args.Value("urls") ?? "http://0.0.0.0:8080");
                await app.RunAsync();
                return ExitCodes.Ok;
            }
            catch (SlackApiException e)
            {
                console.Error.WriteLine($"teamclustersync serve: Slack refused {e.Method}: {e.Error} (check {HostSettings.SlackBotTokenVariable})");
                return ExitCodes.Failed;
            }
        });
    }
}
