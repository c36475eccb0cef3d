using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git.History;

/// <summary>
/// Every cluster's lease transitions on one state branch, up to the tip last read, kept in the cache clone: a later call
/// only reads the commits pushed since, and the first <c>history</c> of one cluster makes every other cluster's cheap.
/// The file is a header line (format, tip, SHA-256 of the rest) and then one JSON line per transition (its cluster
/// first, then the transition with the state after it), oldest first, so a new process trusts it once the checksum
/// matches and parses only its cluster's lines. The index is a convenience: a missing, damaged or old-format file, or a
/// tip that is no longer on the first-parent line, means a full read, and the answer is always the same as without it.
/// </summary>
internal sealed class HistoryIndex(string file)
{
    private const int Format = 2;

    public static HistoryIndex For(Repository repo, string stateRef) =>
        new(Path.Combine(repo.Info.Path, "teamclustersync", "history",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateRef)))[..16] + ".json"));

    /// <summary>The cluster's transitions up to <paramref name="tip"/>, newest first; the index is brought up to it first.</summary>
    public IReadOnlyList<LeaseTransition> Read(Repository repo, ObjectId tip, string cluster, CancellationToken ct)
    {
        // Lines are matched and parsed as UTF-8 bytes, where they are: other clusters' lines are never decoded.
        var body = Update(repo, tip, ct).Span;
        var mine = Encoding.UTF8.GetBytes($"{{\"c\":\"{cluster}\",");
        var transitions = new List<LeaseTransition>();
        while (body.Length > 0)
        {
            var end = body.IndexOf((byte)'\n') is var newline and >= 0 ? newline : body.Length;
            if (body[..end].StartsWith(mine))
            {
                transitions.Add(JsonSerializer.Deserialize<Line>(body[..end])!.Transition);
            }

            body = body[Math.Min(end + 1, body.Length)..];
        }

        transitions.Reverse();
        return transitions;
    }

    /// <summary>The index's lines at <paramref name="tip"/>: as loaded, extended with what came since, or read anew.</summary>
    private ReadOnlyMemory<byte> Update(Repository repo, ObjectId tip, CancellationToken ct)
    {
        var loaded = Load();
        if (loaded?.Tip == tip.Sha)
        {
            return loaded.Value.Body;
        }

        var since = loaded is { Tip: var known } && OnFirstParentLine(repo, tip, known) is { } stop ? stop : null;
        var newer = LeaseLog.Read(repo.Info.Path, tip, since, ct);
        var history = new LeaseHistory(repo);
        using var body = new MemoryStream();
        if (since is not null)
        {
            body.Write(loaded!.Value.Body.Span);
        }

        for (var i = newer.Count - 1; i >= 0; i--)
        {
            JsonSerializer.Serialize(body, new Line(newer[i].Cluster, history.Transition(newer[i])));
            body.WriteByte((byte)'\n');
        }

        var bytes = body.ToArray();
        Save(tip.Sha, bytes);
        return bytes;
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
            if (newline < 0 || JsonSerializer.Deserialize<Header>(bytes.AsSpan(0, newline)) is not { Version: Format, Tip: { } tip, Sha256: { } sum })
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

    /// <summary>Written to a temporary file and moved into place, so a reader never sees half an index.</summary>
    private void Save(string tip, byte[] body)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(Format, tip, Convert.ToHexStringLower(SHA256.HashData(body))));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = $"{file}.{Environment.ProcessId}.tmp";
            using (var stream = File.Create(temp))
            {
                stream.Write(header);
                stream.WriteByte((byte)'\n');
                stream.Write(body);
            }

            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache costs speed, not correctness.
        }
    }

    private sealed record Line([property: JsonPropertyName("c")] string Cluster, [property: JsonPropertyName("t")] LeaseTransition Transition);

    private sealed record Header(
        [property: JsonPropertyName("format")] int Version,
        [property: JsonPropertyName("tip")] string? Tip,
        [property: JsonPropertyName("sha256")] string? Sha256);
}
