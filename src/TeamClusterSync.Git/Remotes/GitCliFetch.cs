using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// Fetches with the <c>git</c> command line where libgit2 falls short. A new cache's first fetch is shallow (only the
/// tips), so a new replica answers in about the time a checkout of the tip takes, whatever the length of the history.
/// Every later fetch into a shallow cache must keep git's shallow bookkeeping, which libgit2 0.32 does not: it
/// deletes <c>shallow</c>, and the next walk fails on a missing parent; so while the cache is shallow, git fetches.
/// <see cref="Unshallow"/> brings the rest of the history when <c>history</c> needs it; from then on libgit2 fetches.
/// </summary>
internal sealed partial class GitCliFetch(string gitDir, RemoteLocation location, string tokenVariable)
{
    /// <summary>The longest a fetch may run; a full history of a large repo over a slow link fits well within it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Variables that would point git at another repo, or ask a person for a password.</summary>
    private static readonly string[] InheritedVariables =
        ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
         "GIT_CONFIG_PARAMETERS", "GIT_PROTOCOL", "GIT_ASKPASS", "SSH_ASKPASS"];

    /// <summary>Fetches only the tips of <paramref name="refspecs"/> (depth 1): the first fetch of a new cache.</summary>
    public void FetchTips(IReadOnlyList<string> refspecs) => Run("--depth=1", refspecs);

    /// <summary>Fetches into a shallow cache, keeping it shallow below what it has.</summary>
    public void Fetch(IReadOnlyList<string> refspecs) => Run(null, refspecs);

    /// <summary>Fetches the whole history behind the tips (and any new commits): the cache is complete afterwards.</summary>
    public void Unshallow(IReadOnlyList<string> refspecs) => Run("--unshallow", refspecs);

    private void Run(string? depth, IReadOnlyList<string> refspecs)
    {
        using var process = Start(StartInfo(depth, refspecs));
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

    private ProcessStartInfo StartInfo(string? depth, IReadOnlyList<string> refspecs)
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

        // Never wait for a person; the token (if any) is read from the environment by the helper below, only when
        // the server asks, so it is never on a command line or on disk.
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        string[] args =
        [
            "--git-dir", gitDir,
            "-c", "credential.helper=",
            "-c", $"credential.helper={CredentialHelper()}",
            "-c", "gc.auto=0",
            "-c", "maintenance.auto=false",

            // Protocol v0 asks the same questions libgit2 does (advertisement, then one upload): one round trip less over http.
            "-c", "protocol.version=0",
            "fetch", "--quiet", "--no-tags", "--prune", "--no-write-fetch-head", "--no-auto-gc",
            .. depth is null ? Array.Empty<string>() : [depth],
            "origin",
            .. refspecs,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private string CredentialHelper()
    {
        if (!VariableName().IsMatch(tokenVariable))
        {
            throw new InvalidOperationException($"{tokenVariable} is not a valid environment variable name");
        }

        return $"!f() {{ test \"$1\" = get || exit 0; test -n \"${tokenVariable}\" || exit 0; "
            + $"echo username=x-access-token; printf 'password=%s\\n' \"${tokenVariable}\"; }}; f";
    }

    private InvalidOperationException Failure(string stderr)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(tokenVariable))
            && (stderr.Contains("could not read Username", StringComparison.Ordinal) || stderr.Contains("Authentication failed", StringComparison.Ordinal)))
        {
            return new InvalidOperationException(OriginRemote.CredentialsMissing(location.Display, tokenVariable));
        }

        var message = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith("fatal:", StringComparison.Ordinal) || line.StartsWith("error:", StringComparison.Ordinal))
            ?? stderr.Trim();
        message = message.Replace(location.FetchUrl, location.Display, StringComparison.Ordinal);
        return new InvalidOperationException($"fetching {location.Display} failed: {message.Split(':', 2)[^1].Trim()}");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
