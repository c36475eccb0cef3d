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

    /// <summary>The approved terminal transcript (times replaced by <c>&lt;time&gt;</c>).</summary>
    public static string Approved =>
        File.ReadAllText(Path.Combine(RepoRoot.Path, "tests/TeamClusterSync.Cli.Tests/Chat/testdata/request-transcript.approved.txt"));
}
