namespace TeamClusterSync.App.Ports;

/// <summary>Where a change came from, recorded as the commit's <c>Source:</c> trailer.</summary>
public enum CommitSource
{
    /// <summary>A person in the terminal chat or a program command.</summary>
    Cli,

    /// <summary>A person in Slack.</summary>
    Slack,

    /// <summary>A scheduled reconciler (lease expiry, reprovisioning, team sync).</summary>
    Schedule,
}

/// <summary>The trailer values of <see cref="CommitSource"/>.</summary>
public static class CommitSources
{
    public static string Trailer(this CommitSource source) => source switch
    {
        CommitSource.Cli => "cli",
        CommitSource.Slack => "slack",
        CommitSource.Schedule => "schedule",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "no trailer for this source"),
    };
}
