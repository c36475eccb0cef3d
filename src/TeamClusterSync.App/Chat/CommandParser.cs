using System.Text.RegularExpressions;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.App.Chat;

/// <summary>
/// Reads what people type: <c>teamcluster request [ro] [CLUSTER]</c>, <c>ping</c>, <c>done</c>, <c>status</c>,
/// <c>history</c>, <c>extend [DURATION] [CLUSTER]</c> (either order), <c>auth</c>, <c>wait</c>, <c>leave</c>, <c>restore</c>, <c>keep</c>,
/// <c>whoami</c>, <c>help</c>, a team admin's <c>reclaim CLUSTER reason</c>, <c>pause CLUSTER reason</c>,
/// <c>resume CLUSTER</c> and <c>reprovision CLUSTER [now] reason</c>, and the bare answers <c>yes [@user]</c> /
/// <c>no [@user] &lt;reason&gt;</c>. Case and extra spaces do not matter; a leading bot mention is dropped.
/// </summary>
public static partial class CommandParser
{
    public const string Keyword = "teamcluster";

    /// <summary>A message where others talk too (a channel, the terminal): commands start with the keyword.</summary>
    public static ParsedCommand Parse(string text) => Parse(text, keywordOptional: false);

    /// <summary>
    /// A message addressed to the bot (a DM, a mention, the <c>/teamcluster</c> command): <c>request</c> is as clear as
    /// <c>teamcluster request</c> there, so the keyword may be left out.
    /// </summary>
    public static ParsedCommand ParseDirect(string text) => Parse(text, keywordOptional: true);

    private static ParsedCommand Parse(string text, bool keywordOptional)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return keywordOptional ? new ParsedCommand.Help() : new ParsedCommand.Unknown("empty message");
        }

        var verb = words[0].ToLowerInvariant();
        if (verb is "yes" or "no")
        {
            return Answer(verb, words[1..]);
        }

        if (verb == Keyword)
        {
            return words.Count == 1 ? new ParsedCommand.Help() : Subcommand(words[1].ToLowerInvariant(), words[2..]);
        }

        return keywordOptional ? Subcommand(verb, words[1..]) : new ParsedCommand.Unknown($"I don't know \"{Shorten(text)}\"");
    }

    private static ParsedCommand Subcommand(string verb, List<string> rest) => verb switch
    {
        "request" when rest.Count > 0 && IsReadOnly(rest[0]) => Request(readOnly: true, rest[1..]),
        "request" => Request(readOnly: false, rest),
        "ping" => Lease(new LeaseCommand.Ping(), rest),
        "done" or "release" => Lease(new LeaseCommand.Done(), rest),
        "extend" => Extend(rest),
        "auth" => Lease(new LeaseCommand.Auth(), rest),
        "restore" => Optional(rest, c => new ParsedCommand.Restore(c)),
        "keep" => Optional(rest, c => new ParsedCommand.Keep(c)),
        "wait" => Lease(new LeaseCommand.Wait(), rest),
        "leave" => Lease(new LeaseCommand.Leave(), rest),
        "reclaim" => Lead(verb, rest, reason => new LeaseCommand.Reclaim(reason)),
        "pause" => Lead(verb, rest, reason => new LeaseCommand.Pause(reason)),
        "reprovision" => Reprovision(rest),
        "resume" when rest.Count == 1 => Lease(new LeaseCommand.EndPause(), rest),
        "resume" => new ParsedCommand.Unknown("\"resume\" takes the cluster, e.g. `teamcluster resume team-mco`"),
        "whoami" when rest.Count == 0 => new ParsedCommand.WhoAmI(),
        "whoami" => new ParsedCommand.Unknown("\"whoami\" takes no more words"),
        "status" => Optional(rest, c => new ParsedCommand.Status(c)),
        "history" => Optional(rest, c => new ParsedCommand.History(c)),
        "report" => Optional(rest, c => new ParsedCommand.Report(c)),
        "yes" or "no" => Answer(verb, rest),
        "help" => new ParsedCommand.Help(),
        _ => new ParsedCommand.Unknown($"\"{Shorten(verb)}\" is not a teamcluster command"),
    };

    private static ParsedCommand Lease(LeaseCommand command, List<string> rest) =>
        Optional(rest, cluster => new ParsedCommand.Lease(command, cluster));

    /// <summary><c>request [ro] 4.16</c>: a word that is a version asks for a free cluster of that version, not a name.</summary>
    private static ParsedCommand Request(bool readOnly, List<string> rest)
    {
        if (rest.Count == 1 && Version().IsMatch(rest[0]))
        {
            return new ParsedCommand.Lease(readOnly ? new LeaseCommand.RequestReadOnly(rest[0]) : new LeaseCommand.Request(rest[0]), null);
        }

        return Lease(readOnly ? new LeaseCommand.RequestReadOnly() : new LeaseCommand.Request(), rest);
    }

    /// <summary>A team admin's <c>reclaim</c> / <c>pause CLUSTER reason...</c>: the cluster is always named, and why is always said.</summary>
    private static ParsedCommand Lead(string verb, List<string> rest, Func<string, LeaseCommand> make) =>
        rest.Count < 2
            ? new ParsedCommand.Unknown($"\"{verb}\" takes the cluster and why, e.g. `teamcluster {verb} team-mco away until Monday`")
            : new ParsedCommand.Lease(make(string.Join(' ', rest[1..])), rest[0].ToLowerInvariant());

    /// <summary><c>reprovision CLUSTER [now] reason...</c>: like the other admin actions, with <c>now</c> to force it.</summary>
    private static ParsedCommand Reprovision(List<string> rest) =>
        rest.Count >= 2 && rest[1].Equals("now", StringComparison.OrdinalIgnoreCase)
            ? rest.Count > 2
                ? new ParsedCommand.Lease(new LeaseCommand.Reprovision(string.Join(' ', rest[2..]), Now: true), rest[0].ToLowerInvariant())
                : new ParsedCommand.Unknown("\"reprovision\" takes the cluster, `now` if it cannot wait, and why, e.g. `teamcluster reprovision team-mco now broken by an experiment`")
            : Lead("reprovision", rest, reason => new LeaseCommand.Reprovision(reason));

    /// <summary>Commands take at most one more word: the cluster, when the actor's team has several.</summary>
    private static ParsedCommand Optional(List<string> rest, Func<string?, ParsedCommand> make) => rest.Count switch
    {
        0 => make(null),
        1 => make(rest[0].ToLowerInvariant()),
        _ => new ParsedCommand.Unknown($"too many words after the command: \"{Shorten(string.Join(' ', rest))}\""),
    };

    /// <summary>
    /// <c>extend [DURATION] [CLUSTER]</c>, in either order: a word that starts like a number is the duration. Zero and
    /// negative durations reach the lease rules, which answer them clearly; anything else number-like is a typo.
    /// </summary>
    private static ParsedCommand Extend(List<string> rest)
    {
        var at = rest.FindIndex(w => char.IsAsciiDigit(w[0]) || (w.Length > 1 && w[0] is '-' or '+' && char.IsAsciiDigit(w[1])));
        if (at < 0)
        {
            return Lease(new LeaseCommand.Extend(), rest);
        }

        var word = rest[at];
        if (SignedDuration(word) is not { } by)
        {
            return new ParsedCommand.Unknown($"\"{word}\" is not a duration; write it like 90m, 2h or 1h30m");
        }

        return Lease(new LeaseCommand.Extend(by), [.. rest.Where((_, i) => i != at)]);
    }

    /// <summary><c>2h</c>, <c>+2h</c>, <c>-5h</c>, and zero written in any unit (<c>0m</c>).</summary>
    private static TimeSpan? SignedDuration(string word)
    {
        var negative = word[0] == '-';
        var unsigned = word[0] is '-' or '+' ? word[1..] : word;
        if (DurationFormat.TryParse(unsigned, out var parsed))
        {
            return negative ? -parsed : parsed;
        }

        return ZeroDuration().IsMatch(unsigned) ? TimeSpan.Zero : null;
    }

    /// <summary><c>yes [@user]</c> grants the oldest (or named) request; <c>no [@user] reason...</c> refuses it.</summary>
    private static ParsedCommand Answer(string verb, List<string> rest)
    {
        string? user = null;
        if (rest.Count > 0 && rest[0].StartsWith('@') && rest[0].Length > 1)
        {
            user = rest[0][1..];
            rest = rest[1..];
        }

        if (verb == "yes")
        {
            return rest.Count == 0
                ? new ParsedCommand.Lease(new LeaseCommand.Grant(user), null)
                : new ParsedCommand.Unknown("\"yes\" takes no reason; to refuse, write \"no <reason>\"");
        }

        var reason = rest.Count == 0 ? "no reason given" : string.Join(' ', rest);
        return new ParsedCommand.Lease(new LeaseCommand.Deny(reason, user), null);
    }

    private static bool IsReadOnly(string word) =>
        word.ToLowerInvariant() is "ro" or "readonly" or "read-only";

    /// <summary>Splits on any whitespace and drops a leading mention (<c>&lt;@U123&gt;</c> from Slack, <c>@cluster-bot</c> typed).</summary>
    private static List<string> Words(string text)
    {
        var words = Whitespace().Split(text.Trim()).Where(w => w.Length > 0).ToList();
        if (words.Count > 0 && (words[0].StartsWith("<@", StringComparison.Ordinal) || words[0].StartsWith('@')))
        {
            words.RemoveAt(0);
        }

        return words;
    }

    private static string Shorten(string text) => text.Trim() is { Length: > 40 } t ? t[..40] + "…" : text.Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\d+\.\d+(\.\d+)?$")]
    private static partial Regex Version();

    [GeneratedRegex("^(0+[wdhms])+$", RegexOptions.IgnoreCase)]
    private static partial Regex ZeroDuration();
}
