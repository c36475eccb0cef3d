using TeamClusterSync.Slack.SocketMode;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// What <c>/readyz</c> reports. Ready means "send me traffic": this replica can take Slack's events and journal them
/// (its data directory takes writes) and is not shutting down. Slack being down or the config repo being unreachable
/// or invalid does not take it out of the Service (both replicas would leave at once, and Slack's HTTP events would
/// find no endpoint): it stays ready, degraded, and says why in the body, in metrics and in the log, while the events
/// it journals wait for Slack to answer again.
/// </summary>
/// <param name="socketMode">With Socket Mode, whether a socket is up: without one, Slack cannot reach this replica.</param>
internal sealed class Readiness(SocketModeStatus? socketMode = null)
{
    private volatile string? config = "the config repo has not been read yet";
    private volatile string? slack = "Slack has not answered yet";
    private volatile string? journal;
    private volatile bool stopping;
    private volatile string? revision;

    public bool IsReady => NotReadyBecause is null;

    /// <summary>
    /// Why this replica should get no traffic; null while it is ready. In Socket Mode a replica without a socket is not
    /// ready either: Slack cannot reach it, and a rollout must not replace a working replica with it.
    /// </summary>
    public string? NotReadyBecause => stopping ? "shutting down" : journal ?? socketMode?.Problem;

    /// <summary>What is degraded while ready, in order: the config repo, then Slack; empty when all is well.</summary>
    public IReadOnlyList<string> Degraded => [.. new[] { config, slack }.OfType<string>()];

    public bool ConfigDegraded => config is not null;

    public bool SlackDegraded => slack is not null;

    /// <summary>The body of <c>/readyz</c>.</summary>
    public string Text => NotReadyBecause is { } why ? $"not ready: {why}"
        : Degraded.Count > 0 ? $"ready, degraded: {string.Join("; ", Degraded)}"
        : $"ready: config revision {revision![..7]}";

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

    /// <summary>Whether events can be journaled: null when they can, else why not.</summary>
    public void Journal(string? problem) => journal = problem;

    /// <summary>The host is stopping: no new traffic, so the Service sends it to the other replica.</summary>
    public void Stopping() => stopping = true;
}
