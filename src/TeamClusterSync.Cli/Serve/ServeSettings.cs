using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Serve;

/// <summary>
/// What <c>serve</c> needs from the environment: the bot token, and the app token (Socket Mode) and/or the signing
/// secret (HTTP events). Tokens come only from the environment, so they never sit in shell history or config.
/// </summary>
internal sealed record ServeSettings(string BotToken, string? AppToken, string? SigningSecret, Uri SlackApi)
{
    /// <summary>With a GitHub token, <c>serve</c> also runs the team sync every <see cref="SyncPeriod"/>.</summary>
    public string? GitHubToken { get; init; }

    public Uri? GitHubApi { get; init; }

    public static readonly TimeSpan SyncPeriod = TimeSpan.FromMinutes(15);

    public const string BotTokenVariable = "SLACK_BOT_TOKEN";
    public const string AppTokenVariable = "SLACK_APP_TOKEN";
    public const string SigningSecretVariable = "SLACK_SIGNING_SECRET";

    /// <summary>The settings, or the reason they are incomplete, worded for the person starting the server.</summary>
    public static (ServeSettings? Settings, string? Problem) From(Func<string, string?> environment)
    {
        string? Get(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var bot = Get(BotTokenVariable);
        var app = Get(AppTokenVariable);
        var secret = Get(SigningSecretVariable);
        if (bot is null)
        {
            return (null, $"{BotTokenVariable} is not set. serve talks to Slack: set {BotTokenVariable} (xoxb-...) and "
                + $"{AppTokenVariable} (xapp-..., Socket Mode) or {SigningSecretVariable} (HTTP events). "
                + "To try the bot without Slack, run 'teamclustersync demo'.");
        }

        if (app is null && secret is null)
        {
            return (null, $"set {AppTokenVariable} (xapp-..., Socket Mode, no public URL needed) or {SigningSecretVariable} "
                + "(HTTP events at /slack/events, /slack/commands, /slack/interactive) so Slack can reach the bot");
        }

        return (new ServeSettings(bot, app, secret, Url(Get("SLACK_API_URL")) ?? SlackClient.DefaultBaseUri)
        {
            GitHubToken = Get("GITHUB_TOKEN"),
            GitHubApi = Url(Get("GITHUB_API_URL")),
        }, null);
    }

    /// <summary>Never prints a token, whatever logs the record.</summary>
    public override string ToString() =>
        $"ServeSettings {{ SocketMode = {AppToken is not null}, HttpEvents = {SigningSecret is not null}, SlackApi = {SlackApi}, TeamSync = {GitHubToken is not null} }}";

    private static Uri? Url(string? url) => url is null ? null : new Uri(url.EndsWith('/') ? url : url + "/");
}
