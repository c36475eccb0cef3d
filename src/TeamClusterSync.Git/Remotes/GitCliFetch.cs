using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// The fetches libgit2 cannot do well, with the <c>git</c> command line: a new cache's first fetch (libgit2's fetch of a
/// big pack is the slow part of a cold start), and every fetch while the cache is shallow. A new cache that only has to
/// answer a read takes just the tips (<c>--depth 1</c>): a tip checkout's worth, whatever the length of the history.
/// libgit2 0.32 cannot fetch into a shallow cache: its fetch deletes <c>shallow</c> and leaves holes in the history (seen
/// here). So while the cache is shallow the git CLI fetches; libgit2 still builds and pushes commits (it reads
/// <c>shallow</c> when the store opens the cache anew, see <c>GitStateStore.ReopenIfShallowChanged</c>). The store makes
/// the cache whole (<c>--unshallow</c>) only to walk the history.
/// </summary>
internal sealed partial class GitCliFetch(string gitDir, RemoteLocation location, GitStateStoreOptions options)
{
    /// <summary>The child-only variable through which the helper gets the token (never a command line, never disk).</summary>
    private const string TokenForHelper = "TEAMCLUSTERSYNC_GIT_CLI_TOKEN";

    /// <summary>
    /// The longest a fetch may run at all; a full history of a large repo over a slow link fits well within it. A
    /// server that stops sending is cut off much sooner, after <see cref="GitStateStoreOptions.NetworkTimeout"/>.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Variables that would point git at another repo, or ask a person for a password.</summary>
    private static readonly string[] InheritedVariables =
        ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
         "GIT_CONFIG_PARAMETERS", "GIT_PROTOCOL", "GIT_ASKPASS", "SSH_ASKPASS"];

    /// <summary>
    /// Fetches the refspecs. <paramref name="depth"/> says how much history: only the tips, what is new (in a shallow
    /// cache: down to what it has), or the whole history (a shallow cache becomes complete).
    /// </summary>
    public void Fetch(IReadOnlyList<string> refspecs, FetchDepth depth) =>
        Run(refspecs, depth switch
        {
            FetchDepth.Tips => ["--depth", "1"],
            FetchDepth.Whole => ["--unshallow"],
            _ => [],
        });

    private void Run(IReadOnlyList<string> refspecs, string[] depth)
    {
        using var process = Start(StartInfo(refspecs, depth));
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"fetching {location.Display} failed: no answer within {Timeout.TotalMinutes:F0} minutes");
        }

        if (process.ExitCode != 0)
        {
            throw Failure(stderr.Result, process.ExitCode);
        }
    }

    private Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"fetching {location.Display} needs the git command line, which could not be started: {e.Message}", e);
        }
    }

    /// <summary>A <c>git</c> process with its output read by us, free of the variables that would point it elsewhere.</summary>
    internal static ProcessStartInfo GitStartInfo()
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var name in InheritedVariables)
        {
            info.Environment.Remove(name);
        }

        return info;
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> refspecs, string[] depth)
    {
        var info = GitStartInfo();

        // Never wait for a person. The token (the variable's, else the one taken out of the URL) reaches git only
        // through the helper, and only when the server asks; never over plain http unless that is allowed.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        var token = Token();
        var offerToken = token is not null && (options.AllowPlainHttp || !location.FetchUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (offerToken)
        {
            info.Environment[TokenForHelper] = token;
            info.Environment[HostForHelper] = location.Host;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(options.NetworkTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "--git-dir", gitDir,
            "-c", "credential.helper=",
            "-c", offerToken ? $"credential.helper={Helper}" : "credential.helper=",
            "-c", "http.lowSpeedLimit=1",
            "-c", $"http.lowSpeedTime={seconds}",
            "-c", "gc.auto=0",

            // Keep what arrives as a pack, however small: the tip's few trees left loose by the first fetch are shared by
            // every older commit, and git log (history) would open and map each loose one again for every commit.
            "-c", "fetch.unpackLimit=1",
            "-c", "maintenance.auto=false",

            // Protocol v0 asks the same questions libgit2 does (advertisement, then one upload): one round trip less over http.
            "-c", "protocol.version=0",
            "fetch", "--quiet", "--no-tags", "--prune", "--no-write-fetch-head", "--no-auto-gc",
            .. depth,
            "origin",
            .. refspecs,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>The remote's host: the helper answers only for it, so a redirect to another host gets no token.</summary>
    private const string HostForHelper = "TEAMCLUSTERSYNC_GIT_CLI_HOST";

    /// <summary>What the helper says (on git's stderr) when another host asks: the fetch's error names the redirect.</summary>
    private const string OtherHost = "teamclustersync: no token for";

    private const string Helper =
        "!f() { test \"$1\" = get || exit 0; h=; while IFS='=' read -r k v; do test \"$k\" = host && h=\"$v\"; done; "
        + "test \"$h\" = \"$" + HostForHelper + "\" || { echo \"" + OtherHost + " $h\" >&2; exit 0; }; echo username=x-access-token; printf 'password=%s\\n' \"$" + TokenForHelper + "\"; }; f";

    private string? Token() =>
        Environment.GetEnvironmentVariable(options.TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : location.UrlToken;

    private InvalidOperationException Failure(string stderr, int exitCode)
    {
        var token = Token();
        if (stderr.Contains("Operation too slow", StringComparison.Ordinal) || stderr.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        {
            return new InvalidOperationException(OriginRemote.NoAnswer(location.Display, options.NetworkTimeout));
        }

        if (stderr.Contains("could not read Username", StringComparison.Ordinal) || stderr.Contains("Authentication failed", StringComparison.Ordinal))
        {
            // The helper said so when git, redirected, asked it for another host's credentials.
            var elsewhere = OtherHostAsked().Match(stderr);
            return new InvalidOperationException(
                elsewhere.Success ? OriginRemote.RedirectRefused(location.Display, elsewhere.Groups["host"].Value)
                : token is null ? OriginRemote.CredentialsMissing(location.Display, options.TokenVariable)
                : location.FetchUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !options.AllowPlainHttp
                    ? $"fetching {location.Display} failed: {OriginRemote.PlainHttpRefused(location.Display)}"
                : $"{location.Display} refused the token in {OriginRemote.TokenSource(options)}; check that it is valid and may read and push to this repo");
        }

        if (location.LocalPath is { } path && !Directory.Exists(path))
        {
            // libgit2's words for a vanished local remote: one fault, one message, whichever of the two fetched.
            return new InvalidOperationException($"fetching {location.Display} failed: unsupported URL protocol");
        }

        var message = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith("fatal:", StringComparison.Ordinal) || line.StartsWith("error:", StringComparison.Ordinal))
            ?? stderr.Trim();
        message = message.Replace(location.FetchUrl, location.Display, StringComparison.Ordinal).Split(':', 2)[^1].Trim();
        return new InvalidOperationException(
            $"fetching {location.Display} failed: {(message.Length > 0 ? message : $"git fetch gave up (exit code {exitCode}) without a word")}");
    }

    [GeneratedRegex(@"teamclustersync: no token for (?<host>\S+)")]
    private static partial Regex OtherHostAsked();
}
