namespace TeamClusterSync.App.Ports;

/// <summary>
/// The server refused the state commit for a reason other than a race: a hook, branch protection, missing
/// permission. Retrying would not help, so this is raised at once and nothing is reported as committed.
/// </summary>
public sealed class StatePushRejectedException : Exception
{
    public StatePushRejectedException()
    {
    }

    public StatePushRejectedException(string message)
        : base(message)
    {
    }

    public StatePushRejectedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StatePushRejectedException(string reference, string reason, string remote)
        : base($"{remote} refused the update of {reference}: {reason}")
    {
        Reference = reference;
        Reason = reason;
    }

    /// <summary>The remote ref that was refused, e.g. <c>refs/heads/main</c>.</summary>
    public string? Reference { get; }

    /// <summary>The server's words, e.g. <c>pre-receive hook declined</c>.</summary>
    public string? Reason { get; }
}
