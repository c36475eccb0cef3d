using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git.History;

/// <summary>
/// Every cluster's lease transitions on one state branch, up to the tip last read, kept in the cache clone: a later call
/// only reads the commits pushed since, and the first <c>history</c> of one cluster makes every other cluster's cheap.
/// <c>serve</c> builds it while it completes a new cache (<see cref="GitStateStore.PrepareAsync"/>), so a new replica's
/// first <c>history</c> only reads it.
/// <para>
/// The file is a header line (format, tip, SHA-256 of the rest), then tab-separated lines (<see cref="IndexFields"/>):
/// <c>T cluster commit time blob actor action source subject</c> per transition, oldest first, and
/// <c>S cluster blob state…</c> (<see cref="StateFields"/>; or <c>U cluster blob problem</c> for a revision that cannot
/// be read) once per distinct revision. A new process trusts it once the checksum matches and decodes only its
/// cluster's lines. The index is a convenience: a missing, damaged or old-format file, or a tip that is no longer on the
/// first-parent line, means a full read, and the answer is always the same as without it.
/// </para>
/// </summary>
/// <param name="botEmail">The bot's committer address: only its commits' trailers are believed (see <see cref="LeaseLog"/>).</param>
internal sealed class HistoryIndex(string file, string botEmail)
{
    // 5: trailers of commits the bot did not commit are no longer believed.
    private const int Format = 5;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>An index shorter than this is decoded in one piece; splitting it would cost more than it saves.</summary>
    private const int PartSize = 1 << 20;

    public static HistoryIndex For(Repository repo, string stateRef, string botEmail) =>
        new(Path.Combine(repo.Info.Path, "teamclustersync", "history",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateRef)))[..16] + ".index"), botEmail);

    /// <summary>The cluster's transitions up to <paramref name="tip"/>, newest first; the index is brought up to it first.</summary>
    public IReadOnlyList<LeaseTransition> Read(Repository repo, ObjectId tip, string cluster, CancellationToken ct)
    {
        // What was indexed before is decoded from the file; what this call added is at hand already.
        var (indexed, added, history) = Update(repo, tip, ct);
        var transitions = Transitions(indexed, cluster, history);
        transitions.AddRange(Enumerable.Reverse(added).Where(c => c.Cluster == cluster).Select(history.Transition));
        transitions.Reverse();
        return transitions;
    }

    /// <summary>Brings the index up to <paramref name="tip"/> (a full read when it is missing or no longer fits).</summary>
    public void Prepare(Repository repo, ObjectId tip, CancellationToken ct) => Update(repo, tip, ct);

    /// <summary>
    /// Brings the index to <paramref name="tip"/>: the lines it had that still hold (all, none, or all when only new
    /// commits came), the changes added since, newest first, and the revisions read for them.
    /// </summary>
    private (ReadOnlyMemory<byte> Indexed, List<LeaseChange> Added, LeaseHistory History) Update(Repository repo, ObjectId tip, CancellationToken ct)
    {
        var loaded = Load();
        var history = new LeaseHistory(repo);
        if (loaded?.Tip == tip.Sha)
        {
            return (loaded.Value.Body, [], history);
        }

        var since = loaded is { Tip: var known } && OnFirstParentLine(repo, tip, known) is { } stop ? stop : null;
        var indexed = since is null ? default : loaded!.Value.Body;
        var indexedRevisions = RevisionKeys(indexed.Span);

        // Each revision is read as its change arrives, while git goes on walking.
        var added = new List<LeaseChange>();
        LeaseLog.Read(repo.Info.Path, tip, since, botEmail, change =>
        {
            added.Add(change);
            if (change.Blob is { } blob && !indexedRevisions.Contains((change.Cluster, blob)))
            {
                history.Revision(change.Cluster, blob);
            }
        }, ct);

        Save(tip.Sha, indexed.Span, Lines(added, history.Revisions));
        return (indexed, added, history);
    }

    /// <summary>The new revisions (<c>S</c>/<c>U</c>), then the new transitions (<c>T</c>) oldest first.</summary>
    private static byte[] Lines(List<LeaseChange> added, IReadOnlyDictionary<(string Cluster, string Blob), LeaseRevision> revisions)
    {
        using var bytes = new MemoryStream();
        using (var writer = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            var fields = new List<string?>();
            foreach (var ((cluster, blob), revision) in revisions)
            {
                fields.Clear();
                fields.AddRange([revision.Problem is null ? "S" : "U", cluster, blob]);
                if (revision.Problem is { } problem)
                {
                    fields.Add(problem);
                }
                else
                {
                    StateFields.Append(fields, revision.State);
                }

                IndexFields.Write(writer, CollectionsMarshal.AsSpan(fields));
            }

            for (var i = added.Count - 1; i >= 0; i--)
            {
                var c = added[i];
                IndexFields.Write(writer, "T", c.Cluster, c.Commit, c.When.ToString(TimeFormat, CultureInfo.InvariantCulture),
                    c.Blob, c.Actor, c.Action, c.Source, c.Subject);
            }
        }

        return bytes.ToArray();
    }

    /// <summary>
    /// The cluster's transitions in <paramref name="body"/>, oldest first; its revisions there are handed to
    /// <paramref name="history"/>, which reads from git any the index lacks (it never should). A long index is decoded
    /// in parts at once, one per core: the first <c>history</c> of a process spends most of its time here.
    /// </summary>
    private static List<LeaseTransition> Transitions(ReadOnlyMemory<byte> body, string cluster, LeaseHistory history)
    {
        var parts = Parts(body, body.Length < PartSize ? 1 : Math.Min(Environment.ProcessorCount, body.Length / PartSize));
        var decoded = new (List<LeaseChange> Changes, List<(string Blob, LeaseRevision Revision)> Revisions)[parts.Count];
        Parallel.For(0, parts.Count, i => decoded[i] = Decode(parts[i].Span, cluster));
        foreach (var (blob, revision) in decoded.SelectMany(d => d.Revisions))
        {
            history.Know(cluster, blob, revision);
        }

        return [.. decoded.SelectMany(d => d.Changes).Select(history.Transition)];
    }

    /// <summary><paramref name="count"/> pieces of <paramref name="body"/> that each end at the end of a line.</summary>
    internal static List<ReadOnlyMemory<byte>> Parts(ReadOnlyMemory<byte> body, int count)
    {
        var parts = new List<ReadOnlyMemory<byte>>(count);
        for (var i = count; i > 1 && !body.IsEmpty; i--)
        {
            var end = body.Span[(body.Length / i)..].IndexOf((byte)'\n') is var newline and >= 0 ? (body.Length / i) + newline + 1 : body.Length;
            parts.Add(body[..end]);
            body = body[end..];
        }

        parts.Add(body);
        return parts;
    }

    /// <summary>The cluster's transitions (<c>T</c>) and revisions (<c>S</c>, <c>U</c>) among <paramref name="lines"/>.</summary>
    private static (List<LeaseChange>, List<(string, LeaseRevision)>) Decode(ReadOnlySpan<byte> lines, string cluster)
    {
        var (changes, revisions) = (new List<LeaseChange>(), new List<(string, LeaseRevision)>());
        var (t, s, u) = (Key('T', cluster), Key('S', cluster), Key('U', cluster));
        while (lines.Length > 0)
        {
            var end = lines.IndexOf((byte)'\n') is var newline and >= 0 ? newline : lines.Length;
            var line = lines[..end];
            if (line.StartsWith(t))
            {
                var f = IndexFields.Split(line);
                var when = DateTimeOffset.ParseExact(f[3]!, TimeFormat, CultureInfo.InvariantCulture);
                changes.Add(new LeaseChange(cluster, f[2]!, when, f[4], f[8] ?? "", f[5], f[6], f[7]));
            }
            else if (line.StartsWith(s) || line.StartsWith(u))
            {
                var f = IndexFields.Split(line);
                revisions.Add((f[2]!, line[0] == 'S'
                    ? new LeaseRevision(StateFields.Read(cluster, f, 3), null)
                    : new LeaseRevision(LeaseState.Free(cluster), f[3])));
            }

            lines = lines[Math.Min(end + 1, lines.Length)..];
        }

        return (changes, revisions);
    }

    private static byte[] Key(char kind, string cluster) => Encoding.UTF8.GetBytes($"{kind}\t{cluster}\t");

    /// <summary>The revisions an index already holds, so an update adds only new ones.</summary>
    private static HashSet<(string Cluster, string Blob)> RevisionKeys(ReadOnlySpan<byte> body)
    {
        var keys = new HashSet<(string, string)>();
        while (body.Length > 0)
        {
            var end = body.IndexOf((byte)'\n') is var newline and >= 0 ? newline : body.Length;
            if (body[0] is (byte)'S' or (byte)'U')
            {
                var f = IndexFields.Split(body[..end]);
                keys.Add((f[1]!, f[2]!));
            }

            body = body[Math.Min(end + 1, body.Length)..];
        }

        return keys;
    }

    /// <summary>
    /// <paramref name="known"/> when it is on the first-parent line from <paramref name="tip"/> (what the bot's pushes
    /// keep), else null: a history rewritten or merged past the old tip is read anew.
    /// </summary>
    private static ObjectId? OnFirstParentLine(Repository repo, ObjectId tip, string known)
    {
        if (!ObjectId.TryParse(known, out var id) || repo.Lookup<Commit>(id) is null)
        {
            return null;
        }

        var filter = new CommitFilter
        {
            IncludeReachableFrom = tip,
            ExcludeReachableFrom = id,
            FirstParentOnly = true,
            SortBy = CommitSortStrategies.None,
        };
        var last = repo.Commits.QueryBy(filter).LastOrDefault();
        return last?.Parents.FirstOrDefault()?.Id == id ? id : null;
    }

    private (string Tip, ReadOnlyMemory<byte> Body)? Load()
    {
        try
        {
            var bytes = File.Exists(file) ? File.ReadAllBytes(file) : [];
            var newline = Array.IndexOf(bytes, (byte)'\n');
            if (newline < 0 || JsonSerializer.Deserialize(bytes.AsSpan(0, newline), HistoryJson.Default.Header) is not { Version: Format, Tip: { } tip, Sha256: { } sum })
            {
                return null;
            }

            var body = bytes.AsMemory(newline + 1);
            return Convert.ToHexStringLower(SHA256.HashData(body.Span)) == sum ? (tip, body) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lines kept and the new ones, written to a temporary file and moved into place, so a reader never sees half
    /// an index.
    /// </summary>
    private void Save(string tip, ReadOnlySpan<byte> kept, byte[] added)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(kept);
        sha.AppendData(added);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(Format, tip, Convert.ToHexStringLower(sha.GetHashAndReset())), HistoryJson.Default.Header);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = $"{file}.{Environment.ProcessId}.tmp";
            using (var stream = File.Create(temp))
            {
                stream.Write(header);
                stream.WriteByte((byte)'\n');
                stream.Write(kept);
                stream.Write(added);
            }

            File.Move(temp, file, overwrite: true);
            File.Delete(Path.ChangeExtension(file, ".json")); // the JSON index of earlier versions, now dead weight
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache costs speed, not correctness.
        }
    }

    internal sealed record Header(
        [property: JsonPropertyName("format")] int Version,
        [property: JsonPropertyName("tip")] string? Tip,
        [property: JsonPropertyName("sha256")] string? Sha256);
}
