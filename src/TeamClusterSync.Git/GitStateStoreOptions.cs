namespace TeamClusterSync.Git;

/// <summary>
/// Where the config repo lives and how the bot writes to it. <see cref="Remote"/> is a local (bare) repo path, a
/// <c>file://</c> URL or an <c>https</c> URL; <see cref="CacheDirectory"/> holds the store's own bare clone, one per
/// process (two processes must not share one).
/// </summary>
public sealed record GitStateStoreOptions(string Remote, string CacheDirectory)
{
    /// <summary>The config branch; default: the remote's HEAD branch.</summary>
    public string? Branch { get; init; }

    /// <summary>Where <c>state/</c> is committed; default: <see cref="Branch"/>. Created from the config branch if missing.</summary>
    public string? StateBranch { get; init; }

    public string BotName { get; init; } = "teamclustersync";

    public string BotEmail { get; init; } = "teamclustersync@users.noreply.github.com";

    /// <summary>The environment variable holding the https token (user <c>x-access-token</c>); its value is never logged.</summary>
    public string TokenVariable { get; init; } = "TEAMCLUSTERSYNC_GIT_TOKEN";

    /// <summary>
    /// Whether a token may be sent to a plain <c>http://</c> remote, where anyone on the path can read it. Off unless
    /// the operator says the link is private.
    /// </summary>
    public bool AllowPlainHttp { get; init; }

    /// <summary>The longest a fetch or push waits for the git host to connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a fetch or push waits for the git host to answer once connected.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time the bot's commits carry (the lease history's clock), and what ages the shared snapshot: a test's manual
    /// clock writes a history of known times, and moving it past <see cref="SnapshotMaxAge"/> has the next read fetch.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How many times a transaction is decided and pushed before giving up on a busy branch.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>
    /// The oldest the shared snapshot may be when read: older, it is fetched again first. A long-running process also
    /// fetches it in the background every two thirds of this, so a human's commit to <c>teams/</c> or <c>clusters/</c>
    /// takes effect within it and readers need not wait. The bot's own writes are in the snapshot at once.
    /// </summary>
    public TimeSpan SnapshotMaxAge { get; init; } = DefaultSnapshotMaxAge;

    /// <summary>The bound of <see cref="SnapshotMaxAge"/> unless the operator chose another.</summary>
    public static readonly TimeSpan DefaultSnapshotMaxAge = TimeSpan.FromSeconds(15);
}
