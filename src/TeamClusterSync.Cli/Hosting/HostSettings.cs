using TeamClusterSync.Core.Time;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Everything the program takes from the environment, read in this one place. Tokens come only from the environment,
/// so they never sit in shell history or in the config repo; <see cref="ToString"/> never prints one.
/// </summary>
internal sealed record HostSettings
{
    public const string SlackBotTokenVariable = "SLACK_BOT_TOKEN";
    public const string SlackAppTokenVariable = "SLACK_APP_TOKEN";
    public const string SlackSigningSecretVariable = "SLACK_SIGNING_SECRET";
    public const string SlackTeamIdVariable = "SLACK_TEAM_ID";
    public const string GitHubTokenVariable = "GITHUB_TOKEN";
    public const string HiveKubeconfigVariable = "HIVE_KUBECONFIG";
    public const string CacheVariable = "TEAMCLUSTERSYNC_CACHE";
    public const string DataVariable = "TEAMCLUSTERSYNC_DATA";
    public const string LogFormatVariable = "TEAMCLUSTERSYNC_LOG_FORMAT";

    /// <summary>Read by the git adapter itself, only when a remote asks for credentials, so the token is held nowhere.</summary>
    public const string GitTokenVariable = "TEAMCLUSTERSYNC_GIT_TOKEN";

    public const string GitAllowPlainHttpVariable = "TEAMCLUSTERSYNC_GIT_ALLOW_HTTP";

    public const string GitTimeoutVariable = "TEAMCLUSTERSYNC_GIT_TIMEOUT";

    public string? SlackBotToken { get; init; }

    public string? SlackAppToken { get; init; }

    public string? SlackSigningSecret { get; init; }

    public Uri SlackApi { get; init; } = SlackClient.DefaultBaseUri;

    /// <summary>The workspace an org-wide Slack app (Enterprise Grid) acts in, sent as <c>team_id</c> where Slack takes it.</summary>
    public string? SlackTeamId { get; init; }

    /// <summary>Retry timing for the Slack client; tests shorten it.</summary>
    public SlackClientOptions? SlackClientOptions { get; init; }

    public string? GitHubToken { get; init; }

    public Uri? GitHubApi { get; init; }

    /// <summary>The longest a fetch or push waits for the git host to answer (default 30 s).</summary>
    public TimeSpan GitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Send the git token to a plain http:// remote (only for a private link; off by default).</summary>
    public bool GitAllowPlainHttp { get; init; }

    /// <summary>The hub cluster's kubeconfig path: serve clusters with <c>provider: hive</c>.</summary>
    public string? HiveKubeconfig { get; init; }

    /// <summary>Where cache clones live: <c>$TEAMCLUSTERSYNC_CACHE</c>, else <c>$XDG_CACHE_HOME/teamclustersync</c>, else <c>~/.cache/teamclustersync</c>.</summary>
    public string CacheRoot { get; init; } = "";

    /// <summary>
    /// What a restart must find (the event journals, the reply outbox, the handled event ids, where the status messages
    /// are): <c>$TEAMCLUSTERSYNC_DATA</c>, else <c>slack</c> in the cache. Apart from the cache so a pod can keep it on a
    /// volume of its own while the cache, which origin rebuilds, stays on the node's disk.
    /// </summary>
    public string DataRoot { get; init; } = "";

    /// <summary><c>text</c> or <c>json</c> (one object per line), from <c>$TEAMCLUSTERSYNC_LOG_FORMAT</c>; <c>--log-format</c> wins.</summary>
    public string? LogFormat { get; init; }

    /// <summary>The pod's namespace (downward API): where the leader election Lease lives unless told otherwise.</summary>
    public string? PodNamespace { get; init; }

    /// <summary>The pod's name (downward API): the first part of this replica's leader election identity.</summary>
    public string? PodName { get; init; }

    /// <summary>The kubeconfig for the leader election Lease; without it, the in-cluster config.</summary>
    public string? Kubeconfig { get; init; }

    public static HostSettings From(Func<string, string?> environment)
    {
        string? Get(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var xdg = Get("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var cache = Get(CacheVariable) ?? Path.Combine(xdg, "teamclustersync");
        return new HostSettings
        {
            SlackBotToken = Get(SlackBotTokenVariable),
            SlackAppToken = Get(SlackAppTokenVariable),
            SlackSigningSecret = Get(SlackSigningSecretVariable),
            SlackApi = Url(Get("SLACK_API_URL")) ?? SlackClient.DefaultBaseUri,
            SlackTeamId = Get(SlackTeamIdVariable),
            GitHubToken = Get(GitHubTokenVariable),
            GitHubApi = Url(Get("GITHUB_API_URL")),
            HiveKubeconfig = Get(HiveKubeconfigVariable),
            GitAllowPlainHttp = Get(GitAllowPlainHttpVariable) is "true" or "1",
            GitTimeout = DurationFormat.TryParse(Get(GitTimeoutVariable), out var timeout) ? timeout : TimeSpan.FromSeconds(30),
            CacheRoot = cache,
            DataRoot = Get(DataVariable) ?? Path.Combine(cache, "slack"),
            LogFormat = Get(LogFormatVariable),
            PodNamespace = Get("POD_NAMESPACE"),
            PodName = Get("POD_NAME"),
            Kubeconfig = Get("KUBECONFIG"),
        };
    }

    /// <summary>What <c>serve</c> needs of Slack, or the reason it is incomplete, worded for the person starting the server.</summary>
    public (SlackSettings? Settings, string? Problem) ServeSlack()
    {
        if (SlackBotToken is null)
        {
            return (null, $"{SlackBotTokenVariable} is not set. serve talks to Slack: set {SlackBotTokenVariable} (xoxb-...) and "
                + $"{SlackAppTokenVariable} (xapp-..., Socket Mode) or {SlackSigningSecretVariable} (HTTP events). "
                + "To try the bot without Slack, run 'teamclustersync demo'.");
        }

        if (SlackAppToken is null && SlackSigningSecret is null)
        {
            return (null, $"set {SlackAppTokenVariable} (xapp-..., Socket Mode, no public URL needed) or {SlackSigningSecretVariable} "
                + "(HTTP events at /slack/events, /slack/commands, /slack/interactive) so Slack can reach the bot");
        }

        return (WebApi(SlackBotToken) with { AppToken = SlackAppToken, SigningSecret = SlackSigningSecret, StateDirectory = DataRoot }, null);
    }

    /// <summary>Slack's Web API alone (for <c>sync</c>), or null without a bot token.</summary>
    public SlackSettings? SlackWebApi() => SlackBotToken is { } token ? WebApi(token) : null;

    /// <summary>Never prints a token.</summary>
    public override string ToString() =>
        $"HostSettings {{ SocketMode = {SlackAppToken is not null}, HttpEvents = {SlackSigningSecret is not null}, SlackApi = {SlackApi}, "
        + $"TeamSync = {GitHubToken is not null}, Hive = {HiveKubeconfig is not null} }}";

    private SlackSettings WebApi(string token) =>
        new(SlackApi, token, AppToken: null, SigningSecret: null)
        {
            ClientOptions = SlackTeamId is null ? SlackClientOptions : (SlackClientOptions ?? new SlackClientOptions()) with { TeamId = SlackTeamId },
        };

    private static Uri? Url(string? url) => url is null ? null : new Uri(url.EndsWith('/') ? url : url + "/");
}
