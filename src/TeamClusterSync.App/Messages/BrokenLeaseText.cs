using TeamClusterSync.App.Ports;

namespace TeamClusterSync.App.Messages;

/// <summary>
/// What people are told about a lease file that cannot be read (a human commit broke it): the one sentence a command on
/// that cluster answers, its line in <c>status</c>, and the news of its repair.
/// </summary>
public static class BrokenLeaseText
{
    /// <summary>The answer to any lease command on the cluster while its file is unreadable.</summary>
    public static string ForCommand(string cluster, string problem) =>
        $"nothing changed: the lease file of {cluster} cannot be read ({problem}); "
        + "the bot restores its last readable revision within a minute, or a team admin can revert the commit that broke it";

    /// <summary>The cluster's <c>status</c> line after its head (name, version, console).</summary>
    public static string Status(string problem) => $"unreadable lease file: {problem}";

    /// <summary>To each holder and reader of the restored revision.</summary>
    public static string ToHolder(string cluster, string problem, ReadableLease restored) =>
        $"your access to {cluster} stands: commit {Short(restored.BrokenCommit)} left its lease file unreadable ({problem}), "
        + $"and I restored its last readable revision{From(restored)}";

    /// <summary>To the team channel.</summary>
    public static string ToChannel(string cluster, string problem, ReadableLease restored) =>
        $"commit {Short(restored.BrokenCommit)} left the lease file of {cluster} unreadable ({problem}); "
        + $"I restored its last readable revision{From(restored)}. Only the bot writes lease files: "
        + "`teamclustersync validate` in the config repo's CI stops such a commit";

    /// <summary>The commit subject of the repair.</summary>
    public static string Subject(string cluster, ReadableLease restored) =>
        $"lease: {cluster} restored to its last readable revision{From(restored)}; commit {Short(restored.BrokenCommit)} left it unreadable";

    private static string From(ReadableLease restored) =>
        restored.Commit is { } commit ? $" (from {Short(commit)})" : " (free: it never had a readable one)";

    private static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
