using System.Text.RegularExpressions;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// What a provider said when it failed, fit to show a person: its first lines, each cut short, with anything that
/// looks like a credential replaced by <c>***</c> (a provider script may echo a token in its error output).
/// </summary>
internal static partial class ProviderReason
{
    private const int MaxLines = 3;

    private const int MaxLineLength = 200;

    public static string Of(Exception e)
    {
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shown = lines.Take(MaxLines).Select(l => l.Length > MaxLineLength ? l[..MaxLineLength] + "…" : l);
        return Scrub(string.Join(" / ", shown) + (lines.Length > MaxLines ? " …" : ""));
    }

    /// <summary>Bearer tokens, JWTs, OpenShift <c>sha256~</c> tokens, and the values of token / password / secret keys.</summary>
    private static string Scrub(string text) => Secret().Replace(text, m => m.Groups["key"].Success ? m.Groups["key"].Value + "***" : "***");

    [GeneratedRegex(@"(?<key>(?:token|password|passwd|secret|authorization)\s*[:=]\s*(?:bearer\s+)?)[^\s)\]}'"",;]+|eyJ[\w-]+\.[\w-]+\.[\w-]+|sha256~[\w-]+|(?<key>bearer\s+)[^\s)\]}'"",;]+", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
