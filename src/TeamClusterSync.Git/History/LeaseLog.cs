using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using LibGit2Sharp;
using TeamClusterSync.Config.State;
using TeamClusterSync.Git.Remotes;

namespace TeamClusterSync.Git.History;

/// <summary>
/// The changes to lease files along the state branch's first-parent line, every cluster at once, newest first, read
/// with <c>git log --raw</c>. Its walk is the speed to beat: the same walk through LibGit2Sharp (a tree lookup per
/// commit) took 2-4 times as long. Each changed file of a commit is one <see cref="LeaseChange"/>, carrying the blob the
/// file has after it (null when the commit removed it).
/// </summary>
internal static class LeaseLog
{
    private const char CommitMark = '\x1e';
    private const char MessageEnd = '\x1f';
    private static readonly string Removed = new('0', 40);
    private static readonly string Prefix = StatePaths.LeasesDirectory.TrimEnd('/') + "/";

    /// <summary>The changes after <paramref name="since"/> (all of them when null) up to <paramref name="tip"/>.</summary>
    public static List<LeaseChange> Read(string gitDir, ObjectId tip, ObjectId? since, CancellationToken ct)
    {
        using var process = Start(gitDir, since is null ? [tip.Sha] : [tip.Sha, "^" + since.Sha]);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var cancel = ct.Register(() => Kill(process));
        var changes = Parse(process.StandardOutput);
        process.WaitForExit();
        ct.ThrowIfCancellationRequested();
        return process.ExitCode == 0
            ? changes
            : throw new InvalidOperationException($"reading the lease history failed: {stderr.Result.Trim()}");
    }

    private static Process Start(string gitDir, string[] range)
    {
        var info = GitCliFetch.GitStartInfo();
        string[] args =
        [
            "--git-dir", gitDir, "-c", "log.showSignature=false", "-c", "core.quotePath=false",
            "log", "--first-parent", "--diff-merges=first-parent", "--root", "--raw", "--no-abbrev", "--no-renames", "--no-color",
            $"--format={CommitMark}%H %cI%n%B{MessageEnd}",
            .. range, "--", Prefix,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"reading the lease history needs the git command line, which could not be started: {e.Message}", e);
        }
    }

    /// <summary>
    /// Each commit is a header line (<c>␞sha time</c>), its message up to <c>␟</c>, then one raw diff line per changed
    /// file (<c>:100644 100644 old new M␉path</c>).
    /// </summary>
    private static List<LeaseChange> Parse(StreamReader output)
    {
        var changes = new List<LeaseChange>();
        var message = new System.Text.StringBuilder();
        (string Sha, DateTimeOffset When)? commit = null;
        (string Subject, IReadOnlyDictionary<string, string> Trailers)? parsed = null;
        var inMessage = false;
        while (output.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] == CommitMark)
            {
                commit = (line[1..41], DateTimeOffset.Parse(line[42..], CultureInfo.InvariantCulture));
                message.Clear();
                parsed = null;
                inMessage = true;
            }
            else if (inMessage)
            {
                var end = line.IndexOf(MessageEnd, StringComparison.Ordinal);
                message.Append(end < 0 ? line + "\n" : line[..end]);
                inMessage = end < 0;
            }
            else if (commit is { } c && line.StartsWith(':') && File(line) is ({ } cluster, var blob))
            {
                parsed ??= CommitMessage.Parse(message.ToString());
                var (subject, trailers) = parsed.Value;
                changes.Add(new LeaseChange(
                    cluster, c.Sha, c.When, blob, subject,
                    trailers.GetValueOrDefault("Actor"), trailers.GetValueOrDefault("Action"), trailers.GetValueOrDefault("Source")));
            }
        }

        return changes;
    }

    /// <summary>The cluster of a raw diff line of <c>state/leases/&lt;cluster&gt;.yaml</c> and its new blob; null for other files.</summary>
    private static (string? Cluster, string? Blob) File(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        var path = tab < 0 ? "" : line[(tab + 1)..];
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(".yaml", StringComparison.Ordinal)
            || path.IndexOf('/', Prefix.Length) >= 0)
        {
            return (null, null);
        }

        var fields = line[..tab].Split(' ');
        var blob = fields.Length > 3 && fields[3] != Removed ? fields[3] : null;
        return (path[Prefix.Length..^".yaml".Length], blob);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had ended already.
        }
    }
}
