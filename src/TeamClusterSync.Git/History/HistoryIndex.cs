using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git.History;

/// <summary>
/// Remembers each cluster's transitions up to the tip last read, in the cache clone, so a later call only walks the
/// commits pushed since. The index is a convenience: a missing, corrupt or old-format file, or a tip that is no
/// longer on the first-parent line, simply means a full walk, and the answer is always the same as without it.
/// </summary>
internal sealed class HistoryIndex(string directory)
{
    private const int Format = 1;

    public static HistoryIndex For(Repository repo, string stateRef) =>
        new(Path.Combine(repo.Info.Path, "teamclustersync", "history",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateRef)))[..16]));

    public IReadOnlyList<LeaseTransition> Read(Repository repo, ObjectId tip, string cluster, CancellationToken ct)
    {
        var file = Path.Combine(directory, cluster + ".json");
        var known = Load(file);
        if (known?.Tip == tip.Sha)
        {
            return known.Transitions;
        }

        var newer = known is not null && ObjectId.TryParse(known.Tip, out var stop)
            ? LeaseHistory.ReadSince(repo, tip, stop, cluster, ct)
            : null;
        var transitions = newer is null ? LeaseHistory.Read(repo, tip, cluster, ct) : [.. newer, .. known!.Transitions];
        Save(file, new Entry(Format, tip.Sha, transitions));
        return transitions;
    }

    private static Entry? Load(string file)
    {
        try
        {
            var entry = File.Exists(file) ? JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(file)) : null;
            return entry is { Version: Format, Tip: not null, Transitions: not null } ? entry : null;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary file and moved into place, so a reader never sees half an index.</summary>
    private void Save(string file, Entry entry)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var temp = $"{file}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(entry));
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache costs speed, not correctness.
        }
    }

    private sealed record Entry(int Version, string Tip, IReadOnlyList<LeaseTransition> Transitions);
}
