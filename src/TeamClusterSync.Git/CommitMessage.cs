using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git;

/// <summary>
/// The audit log format: one subject line saying what happened in words, a blank line, then trailers
/// (<c>Cluster:</c>, <c>Actor:</c>, <c>Action:</c>, <c>Source:</c>, and <c>Reason:</c> when a person gave one) that
/// <c>git interpret-trailers</c> understands. A lease commit's author is the person who acted (see <see cref="Author"/>).
/// </summary>
internal static class CommitMessage
{
    /// <summary>Reasons are people's words: kept on one line and cut at this length, so the trailer block stays a block.</summary>
    public const int MaxReasonLength = 200;

    /// <param name="subjectKey">The trailer naming what changed: <c>Cluster</c> for a lease, <c>Team</c> for a sync.</param>
    public static string Format(string subject, string subjectKey, string name, string actor, string action, CommitSource source, string? reason = null) =>
        $"{OneLine(subject)}\n\n{subjectKey}: {OneLine(name)}\nActor: {OneLine(actor)}\n"
        + $"Action: {OneLine(action)}\nSource: {source.Trailer()}\n"
        + (string.IsNullOrWhiteSpace(reason) ? "" : $"Reason: {Cap(OneLine(reason))}\n");

    /// <summary>
    /// The git author for a change by <paramref name="actor"/>: a person as GitHub's no-reply address for their login,
    /// so <c>git log --author</c>, <c>git shortlog</c> and GitHub's views credit them; null for the schedule (the bot authors it).
    /// </summary>
    public static (string Name, string Email)? Author(string actor) =>
        actor == LeaseEngine.ScheduleActor ? null : (OneLine(actor), $"{OneLine(actor)}@users.noreply.github.com");

    /// <summary>
    /// A commit about several things: the subject, a body of lines saying what changed, then one <paramref name="subjectKey"/>
    /// trailer per name (git allows a key more than once).
    /// </summary>
    public static string Format(string subject, IReadOnlyList<string> body, string subjectKey, IReadOnlyList<string> names, string actor, string action, CommitSource source) =>
        $"{OneLine(subject)}\n\n{string.Concat(body.Select(line => OneLine(line) + "\n"))}\n"
        + string.Concat(names.Select(name => $"{subjectKey}: {OneLine(name)}\n"))
        + $"Actor: {OneLine(actor)}\nAction: {OneLine(action)}\nSource: {source.Trailer()}\n";

    /// <summary>The subject and the trailers of the last paragraph (keys compared ignoring case).</summary>
    public static (string Subject, IReadOnlyDictionary<string, string> Trailers) Parse(string message)
    {
        var lines = message.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = lines.Length - 1; i > 0 && lines[i].Length > 0; i--)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || lines[i][..colon].Contains(' ', StringComparison.Ordinal))
            {
                break;
            }

            trailers.TryAdd(lines[i][..colon], lines[i][(colon + 1)..].Trim());
        }

        return (lines[0], trailers);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Cap(string text) => text.Length <= MaxReasonLength ? text : text[..(MaxReasonLength - 1)] + "…";
}
