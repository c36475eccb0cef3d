using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TeamClusterSync.GitHub.Caching;

/// <summary>One page of a team's members as GitHub last sent it: its URL, its ETag, and the logins on it.</summary>
internal sealed record CachedPage(string Url, string Etag, IReadOnlyList<string> Logins);

/// <summary>
/// The last pages of every team read, kept on disk (one small JSON file per team) so that a restart or the next
/// <c>sync</c> process still asks with <c>If-None-Match</c>, and a 304 still yields the members. Without a directory it
/// keeps them in memory only. A missing or unreadable file just means the next read is unconditional.
/// </summary>
internal sealed class TeamPageCache(string? directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, IReadOnlyList<CachedPage>> memory = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>A cache for one API (its files live under a directory named by the hash of <paramref name="apiBase"/>).</summary>
    public static TeamPageCache For(string? root, Uri apiBase) =>
        new(root is null ? null : Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiBase.AbsoluteUri)))[..16]));

    public IReadOnlyList<CachedPage> Read(string org, string slug)
    {
        var key = Key(org, slug);
        lock (gate)
        {
            if (memory.TryGetValue(key, out var pages))
            {
                return pages;
            }
        }

        return directory is null ? [] : ReadFile(FileOf(key));
    }

    public void Write(string org, string slug, IReadOnlyList<CachedPage> pages)
    {
        var key = Key(org, slug);
        lock (gate)
        {
            memory[key] = pages;
        }

        if (directory is not null)
        {
            var file = FileOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = $"{file}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(pages, Json));
            File.Move(temp, file, overwrite: true);
        }
    }

    private static string Key(string org, string slug) => $"{Uri.EscapeDataString(org)}/{Uri.EscapeDataString(slug)}";

    private string FileOf(string key) => Path.Combine(directory!, key.Replace('/', Path.DirectorySeparatorChar) + ".json");

    private static List<CachedPage> ReadFile(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<List<CachedPage>>(File.ReadAllText(file), Json) ?? [] : [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
