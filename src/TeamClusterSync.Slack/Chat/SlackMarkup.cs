using System.Text.RegularExpressions;

namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// Turns a message as Slack sends it back into what the person typed: a mention picked from the autocomplete
/// (<c>&lt;@U123&gt;</c>, <c>&lt;@U123|bob&gt;</c>) becomes <c>@login</c>, a channel (<c>&lt;#C123|name&gt;</c>) <c>#name</c>, a
/// link its address, and the three entities Slack escapes (<c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c>) their characters,
/// each decoded once. A leading mention of the bot is left for the parser, which drops it.
/// </summary>
internal static partial class SlackMarkup
{
    /// <param name="loginOf">The GitHub login of a Slack user id, or null when the config does not know them.</param>
    public static async Task<string> ToPlainAsync(string text, string? botUserId, Func<string, Task<string?>> loginOf)
    {
        var logins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match mention in Mention().Matches(text))
        {
            var id = mention.Groups["id"].Value;
            if (id != botUserId && !logins.ContainsKey(id))
            {
                logins[id] = await loginOf(id) ?? (mention.Groups["name"].Success ? mention.Groups["name"].Value : id);
            }
        }

        var plain = Mention().Replace(text, m => logins.TryGetValue(m.Groups["id"].Value, out var login) ? "@" + login : m.Value);
        plain = Channel().Replace(plain, m => "#" + m.Groups["name"].Value);
        plain = Link().Replace(plain, m => m.Groups["url"].Value);
        return plain.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(\|(?<name>[^>]*))?>")]
    private static partial Regex Mention();

    [GeneratedRegex(@"<#(?<id>C[A-Z0-9]+)\|(?<name>[^>]*)>")]
    private static partial Regex Channel();

    [GeneratedRegex(@"<(?<url>(https?|mailto):[^|>]+)(\|[^>]*)?>")]
    private static partial Regex Link();
}
