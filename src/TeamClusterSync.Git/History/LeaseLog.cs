using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LibGit2Sharp;
using TeamClusterSync.Config.State;
using TeamClusterSync.Git.Remotes;

namespace TeamClusterSync.Git.History;

/// <summary>
/// The changes to lease files along the state branch's first-parent line, every cluster at once, newest first, read
/// with <c>git log --raw</c>. Its walk is the speed to beat: the same walk through LibGit2Sharp (a tree lookup per
/// commit) took 2-4 times as long. Each changed file of a commit is one <see cref="LeaseChange"/>, carrying the blob the
/// file has after it (null when the commit removed it). The output is parsed as bytes while git writes it, and each
/// change is handed over at once, so the caller's work runs beside git's rather than after it.
/// </summary>
internal static class LeaseLog
{
    private const byte CommitMark = 0x1e;
    private const byte MessageEnd = 0x1f;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:sszzz";
    private static readonly byte[] Suffix = ".yaml"u8.ToArray();
    private static readonly byte[] Removed = Encoding.ASCII.GetBytes(new string('0', 40));

    /// <summary>
    /// Hands each change after <paramref name="since"/> (all of them when null) up to <paramref name="tip"/> to
    /// <paramref name="each"/>, newest first. The trailers (actor, action, source) are believed only of commits the bot
    /// committed (<paramref name="botEmail"/>): anyone can write <c>Actor: alice</c> in a commit of their own.
    /// <paramref name="directory"/> is whose files count: the lease files by default, or another state directory whose
    /// files are named after their cluster (<c>state/clusters</c>).
    /// </summary>
    public static void Read(
        string gitDir, ObjectId tip, ObjectId? since, string botEmail, Action<LeaseChange> each, CancellationToken ct, string directory = StatePaths.LeasesDirectory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        using var process = Start(gitDir, since is null ? [tip.Sha] : [tip.Sha, "^" + since.Sha], prefix);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using (ct.Register(() => Kill(process)))
        {
            new Parser(botEmail, each, Encoding.UTF8.GetBytes(prefix)).Run(process.StandardOutput.BaseStream);
            process.WaitForExit();
        }

        ct.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"reading the lease history failed: {stderr.Result.Trim()}");
        }
    }

    private static Process Start(string gitDir, string[] range, string prefix)
    {
        var info = GitCliFetch.GitStartInfo();
        string[] args =
        [
            "--git-dir", gitDir, "-c", "log.showSignature=false", "-c", "core.quotePath=false",
            "log", "--first-parent", "--diff-merges=first-parent", "--root", "--raw", "--no-abbrev", "--no-renames", "--no-color",
            "--format=%x1e%H %cI %ce%n%B%x1f",
            .. range, "--", prefix,
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

    /// <summary>
    /// Each commit is a header line (<c>␞sha time committer-email</c>), its message up to <c>␟</c>, then one raw diff
    /// line per changed file (<c>:100644 100644 old new M␉path</c>). Only a commit that changed a lease file has its
    /// message decoded.
    /// </summary>
    private sealed class Parser(string botEmail, Action<LeaseChange> each, byte[] prefix)
    {
        private static readonly IReadOnlyDictionary<string, string> Unbelieved = new Dictionary<string, string>();
        private bool byBot;
        private readonly ArrayBufferWriter<byte> message = new();
        private string sha = "";
        private DateTimeOffset when;
        private (string Subject, IReadOnlyDictionary<string, string> Trailers)? parsed;
        private bool inMessage;

        public void Run(Stream output)
        {
            var buffer = new byte[1 << 20];
            var filled = 0;
            int read;
            while ((read = output.Read(buffer, filled, buffer.Length - filled)) > 0)
            {
                filled += read;
                var consumed = Lines(buffer.AsSpan(0, filled));
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer: a long message
                }
            }

            if (filled > 0)
            {
                Line(buffer.AsSpan(0, filled));
            }
        }

        /// <summary>Handles the complete lines of <paramref name="text"/>; returns how many bytes they took.</summary>
        private int Lines(ReadOnlySpan<byte> text)
        {
            var consumed = 0;
            while (text[consumed..].IndexOf((byte)'\n') is var end and >= 0)
            {
                Line(text.Slice(consumed, end));
                consumed += end + 1;
            }

            return consumed;
        }

        private void Line(ReadOnlySpan<byte> line)
        {
            if (line.Length > 42 && line[0] == CommitMark)
            {
                sha = Encoding.ASCII.GetString(line[1..41]);
                var header = line[42..];
                var space = header.IndexOf((byte)' ');
                Span<char> time = stackalloc char[space];
                Encoding.ASCII.GetChars(header[..space], time);
                when = DateTimeOffset.ParseExact(time, TimeFormat, CultureInfo.InvariantCulture);
                byBot = string.Equals(Encoding.UTF8.GetString(header[(space + 1)..]), botEmail, StringComparison.OrdinalIgnoreCase);
                message.ResetWrittenCount();
                parsed = null;
                inMessage = true;
            }
            else if (inMessage)
            {
                var end = line.IndexOf(MessageEnd);
                message.Write(end < 0 ? line : line[..end]);
                if (end < 0)
                {
                    message.Write("\n"u8);
                }

                inMessage = end < 0;
            }
            else if (line.Length > 0 && line[0] == ':' && File(line) is ({ } cluster, var blob))
            {
                parsed ??= CommitMessage.Parse(Encoding.UTF8.GetString(message.WrittenSpan));
                var (subject, said) = parsed.Value;
                var trailers = byBot ? said : Unbelieved;
                each(new LeaseChange(
                    cluster, sha, when, blob, subject,
                    trailers.GetValueOrDefault("Actor"), trailers.GetValueOrDefault("Action"), trailers.GetValueOrDefault("Source")));
            }
        }

        /// <summary>The cluster of a raw diff line of <c>state/leases/&lt;cluster&gt;.yaml</c> and its new blob; null for other files.</summary>
        private (string? Cluster, string? Blob) File(ReadOnlySpan<byte> line)
        {
            var tab = line.IndexOf((byte)'\t');
            var path = tab < 0 ? [] : line[(tab + 1)..];
            if (!path.StartsWith(prefix) || !path.EndsWith(Suffix) || path[prefix.Length..].Contains((byte)'/'))
            {
                return (null, null);
            }

            // ":old-mode new-mode old-blob new-blob status": the fourth field is the file after the commit.
            var fields = line[..tab];
            for (var skip = 0; skip < 3 && fields.IndexOf((byte)' ') is var space and >= 0; skip++)
            {
                fields = fields[(space + 1)..];
            }

            var blob = fields.IndexOf((byte)' ') is var next and >= 0 ? fields[..next] : [];
            return (Encoding.UTF8.GetString(path[prefix.Length..^Suffix.Length]),
                blob.Length == 40 && !blob.SequenceEqual(Removed) ? Encoding.ASCII.GetString(blob) : null);
        }
    }
}
