using System.Text.Json;

namespace TeamClusterSync.Slack.Storage;

/// <summary>
/// A directory of small JSON files, one per key, that outlive a crash: each is written beside its place, flushed to
/// disk and moved in, so a file is whole or absent. What the event journal and the reply outbox keep.
/// </summary>
internal sealed class JsonFileDirectory<T>(string directory)
    where T : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Write(string key, T entry)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(key);
        using (var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, entry, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>Every entry by key, oldest first; one that cannot be read is skipped (and kept for a look).</summary>
    public IReadOnlyList<(string Key, T Entry)> All()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var all = new List<(string, T)>();
        foreach (var file in new DirectoryInfo(directory).GetFiles("*.json").OrderBy(f => f.LastWriteTimeUtc))
        {
            try
            {
                if (JsonSerializer.Deserialize<T>(File.ReadAllText(file.FullName), Json) is { } entry)
                {
                    all.Add((Path.GetFileNameWithoutExtension(file.Name), entry));
                }
            }
            catch (JsonException)
            {
                // A torn write cannot happen (written aside, then moved); anything else is not ours to guess at.
            }
        }

        return all;
    }

    /// <summary>Keys are Slack's delivery ids or commit ids; anything else is kept out of the path.</summary>
    private string PathOf(string key) =>
        Path.Combine(directory, string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".json");
}
