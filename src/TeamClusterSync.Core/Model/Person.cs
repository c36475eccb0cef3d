using System.Text.RegularExpressions;

namespace TeamClusterSync.Core.Model;

/// <summary>An entry of <c>people.yaml</c>: a GitHub login and how to find the same person in Slack.</summary>
public sealed partial record Person(string GitHub, string? Slack, string? Email)
{
    /// <summary>
    /// Whether <paramref name="login"/> can be a GitHub login: letters, digits and '-', at most 39. Every login the bot
    /// reads (config files, state files a human may have edited) must be one, since logins end up in messages, commit
    /// trailers and mentions.
    /// </summary>
    public static bool IsLogin(string login) => LoginPattern().IsMatch(login);

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$")]
    private static partial Regex LoginPattern();
}
