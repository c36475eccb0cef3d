using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// A new cache's first fetch, with the <c>git</c> command line: for a long history it is several times faster than
/// libgit2's (whose fetch of a big pack is the slow part of a cold start). It is a plain, complete fetch: a shallow one
/// would be faster still, but libgit2 0.32 cannot keep a shallow cache correct (a later libgit2 fetch deletes
/// <c>shallow</c>), and in trials a shallow first read followed by deepening before a write made a race test fail.
/// </summary>
internal sealed class GitCliFetch(string gitDir, RemoteLocation location, GitStateStoreOptions options)
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

    /// <summary>Fetches every branch, the whole history.</summary>
    public void Fetch(IReadOnlyList<string> refspecs) => Run(refspecs);

    private void Run(IReadOnlyList<string> refspecs)
    {
        using var process = Start(StartInfo(refspecs));
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"fetching {location.Display} failed: no answer within {Timeout.TotalMinutes:F0} minutes");
        }

        if (process.ExitCode != 0)
        {
            throw Failure(stderr.Result);
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

    private ProcessStartInfo StartInfo(IReadOnlyList<string> refspecs)
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

        // Never wait for a person. The token (the variable's, else the one taken out of the URL) reaches git only
        // through the helper, and only when the server asks; never over plain http unless that is allowed.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        var token = Token();
        var offerToken = token is not null && (options.AllowPlainHttp || !location.FetchUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (offerToken)
        {
            info.Environment[TokenForHelper] = token;
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
            "-c", "maintenance.auto=false",

            // Protocol v0 asks the same questions libgit2 does (advertisement, then one upload): one round trip less over http.
            "-c", "protocol.version=0",
            "fetch", "--quiet", "--no-tags", "--prune", "--no-write-fetch-head", "--no-auto-gc",
            "origin",
            .. refspecs,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private const string Helper =
        "!f() { test \"$1\" = get || exit 0; echo username=x-access-token; printf 'password=%s\\n' \"$" + TokenForHelper + "\"; }; f";

    private string? Token() =>
        Environment.GetEnvironmentVariable(options.TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : location.UrlToken;

    private InvalidOperationException Failure(string stderr)
    {
        var token = Token();
        if (stderr.Contains("Operation too slow", StringComparison.Ordinal) || stderr.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        {
            return new InvalidOperationException(OriginRemote.NoAnswer(location.Display, options.NetworkTimeout));
        }

        if (stderr.Contains("could not read Username", StringComparison.Ordinal) || stderr.Contains("Authentication failed", StringComparison.Ordinal))
        {
            return new InvalidOperationException(
                token is null ? OriginRemote.CredentialsMissing(location.Display, options.TokenVariable)
                : location.FetchUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !options.AllowPlainHttp
                    ? $"fetching {location.Display} failed: {OriginRemote.PlainHttpRefused(location.Display)}"
                : $"{location.Display} refused the token in {OriginRemote.TokenSource(options)}; check that it is valid and may read and push to this repo");
        }

        var message = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith("fatal:", StringComparison.Ordinal) || line.StartsWith("error:", StringComparison.Ordinal))
            ?? stderr.Trim();
        message = message.Replace(location.FetchUrl, location.Display, StringComparison.Ordinal);
        return new InvalidOperationException($"fetching {location.Display} failed: {message.Split(':', 2)[^1].Trim()}");
    }

}
