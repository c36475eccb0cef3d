using System.Text.RegularExpressions;

namespace TeamClusterSync.Core.Credentials;

/// <summary>
/// The one redaction step at the edge: whatever a provider, a script or a Kubernetes API said passes through
/// <see cref="Redact"/> before it reaches git, Slack or a log, so a token echoed in an error never leaves the process.
/// It knows every kind of secret the bot handles or a kubeconfig carries.
/// </summary>
public static partial class Secrets
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>
    /// The environment variables that hold the bot's own secrets: no provider command ever sees them, and a cluster
    /// file may not pass them on through <c>provider.command.env</c>.
    /// </summary>
    public static IReadOnlySet<string> BotVariables { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "GITHUB_TOKEN", "TEAMCLUSTERSYNC_GIT_TOKEN", "HIVE_KUBECONFIG",
    };

    /// <summary>
    /// <paramref name="text"/> with every secret replaced by <see cref="Mask"/>; a key that names the secret stays
    /// (<c>token: ***</c>), so the reader still sees what was there.
    /// </summary>
    public static string Redact(string text) => Pattern().Replace(text, m => m.Groups["key"].Success ? m.Groups["key"].Value + Mask : Mask);

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="lines"/> lines of at most <paramref name="width"/>
    /// characters, joined by " / ", with control and terminal escape characters taken out and secrets redacted: what a
    /// person may be shown of an outside system's output.
    /// </summary>
    public static string Summary(string text, int lines = 3, int width = 200)
    {
        // Redacted before it is cut, so no cut leaves a piece of a token too short to be recognised.
        var all = Redact(Printable(text)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shown = all.Take(lines).Select(l => l.Length > width ? l[..width] + "…" : l);
        return string.Join(" / ", shown) + (all.Length > lines ? " …" : "");
    }

    /// <summary>
    /// <paramref name="text"/> without control characters (escape sequences that would drive a reader's terminal,
    /// bells, backspaces, bidirectional overrides), newlines and tabs kept: what may be stored of a person's words.
    /// </summary>
    public static string Printable(string text) => Control().Replace(EscapeSequence().Replace(text, ""), "");

    // Order matters: whole forms (PEM blocks, URLs with a password, key: value) before the bare token shapes.
    [GeneratedRegex(
        @"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"
        + @"|(?<key>[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(?=@)"
        + @"|(?<key>(?:client-key-data|client-certificate-data|token|id-token|refresh-token|access[_-]token|password|passwd|secret|api[_-]?key|authorization)[""']?\s*[:=]\s*[""']?(?:bearer\s+|basic\s+)?)[^\s)\]}'"",;]+"
        + @"|(?<key>(?:bearer|basic)\s+)(?=[A-Za-z0-9+/=._~-]*[0-9+/=_~])[A-Za-z0-9+/=._~-]{8,}"
        + @"|eyJ[\w-]+\.[\w-]+\.[\w-]*"
        + @"|sha256~[\w-]+"
        + @"|xox[a-z]-[\w-]+|xapp-[\w-]+"
        + @"|gh[pousr]_\w{20,}|github_pat_\w+",
        RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    /// <summary>ANSI escape sequences (CSI and OSC, which can set a terminal's title or write hyperlinks), then single escapes.</summary>
    [GeneratedRegex(@"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex EscapeSequence();

    /// <summary>C0 and C1 controls except tab and newline, DEL, and the Unicode bidirectional overrides and isolates.</summary>
    [GeneratedRegex(@"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")]
    private static partial Regex Control();
}
