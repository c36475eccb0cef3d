using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git;

/// <summary>
/// The audit log format: one subject line saying what happened in words, a blank line, then trailers
/// (<c>Cluster:</c>, <c>Actor:</c>, <c>Action:</c>, <c>Source:</c>) that <c>git interpret-trailers</c> understands.
/// </summary>
internal static class CommitMessage
{
    /// <param name="subjectKey">The trailer naming what changed: <c>Cluster</c> for a lease, <c>Team</c> for a sync.</param>
    public static string Format(string subject, string subjectKey, string name, string actor, string action, CommitSource source) =>
        $"{OneLine(subject)}\n\n{subjectKey}: {OneLine(name)}\nActor: {OneLine(actor)}\n"
        + $"Action: {OneLine(action)}\nSource: {source.Trailer()}\n";

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
}
