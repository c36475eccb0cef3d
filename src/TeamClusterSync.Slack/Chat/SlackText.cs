namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// Slack's limits on what one message may carry: past them Slack refuses the message (<c>msg_too_long</c>,
/// <c>invalid_blocks</c>) and the person hears nothing. A long text (a pasted log as a refusal reason) is cut, and says so.
/// </summary>
internal static class SlackText
{
    /// <summary>Slack's advice for a message's text; it refuses far longer ones.</summary>
    public const int MaxMessage = 4000;

    /// <summary>Slack's hard limit for the text of a section block.</summary>
    public const int MaxSection = 3000;

    /// <summary>
    /// The text escaped for Slack and at most <paramref name="max"/> characters long once escaped; cut before escaping,
    /// so an entity such as <c>&amp;lt;</c> is never split.
    /// </summary>
    public static string FitEscaped(string text, int max, Func<string, string> escape)
    {
        var escaped = escape(text);
        for (var keep = max; escaped.Length > max; keep -= escaped.Length - max)
        {
            escaped = escape(Fit(text, keep));
        }

        return escaped;
    }

    public static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var note = $"… (cut: {text.Length - max} more characters)";
        return string.Concat(text.AsSpan(0, max - note.Length), note);
    }
}
