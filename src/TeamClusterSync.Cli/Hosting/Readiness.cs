using TeamClusterSync.Slack.SocketMode;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// What <c>/readyz</c> reports: not ready until the config repo was read with a valid config and Slack answered,
/// and, when not, why (the remote is unreachable, Slack is down, or the newest config revision is invalid and the
/// last good one is in use).
/// </summary>
/// <param name="socketMode">With Socket Mode, whether a socket is up: without one, Slack cannot reach this replica.</param>
internal sealed class Readiness(SocketModeStatus? socketMode = null)
{
    private volatile string? config = "the config repo has not been read yet";
    private volatile string? slack = "Slack has not answered yet";
    private volatile string? revision;

    public bool IsReady => config is null && slack is null && socketMode?.Problem is null;

    public string? Problem => IsReady ? null : string.Join("; ", new[] { config, slack, socketMode?.Problem }.Where(p => p is not null));

    /// <summary>The config revision in use (the last good one), for <c>/readyz</c>; null before any.</summary>
    public string? Revision => revision;

    /// <summary>The config repo was read and its newest revision, <paramref name="commit"/>, is valid and in use.</summary>
    public void Succeeded(string commit)
    {
        revision = commit;
        config = null;
    }

    /// <summary>The config revision in use, which may be an older one than the newest (see <see cref="Failed"/>).</summary>
    public void InUse(string? commit) => revision = commit;

    public void Failed(string why) => config = why;

    public void SlackAnswered() => slack = null;

    /// <summary>Slack did not answer as it should; <paramref name="problem"/> is the sentence <c>/readyz</c> shows.</summary>
    public void SlackFailed(string problem) => slack = problem;
}
