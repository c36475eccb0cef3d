namespace TeamClusterSync.Testing;

/// <summary>
/// The conversation of the original request (seeds/000_*.txt), as every front end's end-to-end test replays it, and
/// the approved transcript they are all held to.
/// </summary>
public static class RequestTranscript
{
    public static IReadOnlyList<(string Login, string Text)> Conversation { get; } =
    [
        ("miabbott", "teamcluster request"),
        ("cgwalters", "teamcluster request"),
        ("cgwalters", "teamcluster ping"),
        ("miabbott", "no running the upgrade test, give me an hour"),
        ("cgwalters", "teamcluster ping"),
        ("miabbott", "yes"),
        ("jlebon", "teamcluster request ro"),
        ("miabbott", "teamcluster done"),
        ("cgwalters", "teamcluster done"),
        ("jlebon", "teamcluster done"),
    ];

    /// <summary>
    /// The handover on team-mco (one holder at a time): a yes hands the lease over, the next ping is answered by the
    /// holder's <c>done</c> ("free now"), then extend at the limit, fresh credentials, whoami, and the release check
    /// finding the cluster dirty (team-mco's holders "forget" to clean up: <c>provider.simulated.leftDirty</c>) and a restore.
    /// </summary>
    public static IReadOnlyList<(string Login, string Text)> Handover { get; } =
    [
        ("sinnykumari", "teamcluster request"),
        ("yuqi-zhang", "teamcluster request"),
        ("yuqi-zhang", "teamcluster ping"),
        ("sinnykumari", "yes"),
        ("sinnykumari", "teamcluster ping"),
        ("yuqi-zhang", "teamcluster done"),
        ("sinnykumari", "teamcluster request"),
        ("sinnykumari", "teamcluster extend team-mco 2h"),
        ("sinnykumari", "teamcluster auth"),
        ("sinnykumari", "teamcluster whoami"),
        ("sinnykumari", "teamcluster done"),
        ("yuqi-zhang", "teamcluster status"),
        ("sinnykumari", "teamcluster restore"),
    ];

    /// <summary>The approved terminal transcript (times replaced by <c>&lt;time&gt;</c>).</summary>
    public static string Approved => ApprovedFile("request-transcript");

    /// <summary>The approved terminal transcript of <see cref="Handover"/>.</summary>
    public static string HandoverApproved => ApprovedFile("handover-transcript");

    private static string ApprovedFile(string name) =>
        File.ReadAllText(Path.Combine(RepoRoot.Path, $"tests/TeamClusterSync.Cli.Tests/Chat/testdata/{name}.approved.txt"));
}
