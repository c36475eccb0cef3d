namespace TeamClusterSync.Config;

/// <summary>
/// Read access to the files of a config repo, wherever they are: a directory on disk (<see cref="DirectorySource"/>)
/// or a git tree (the state store reads the tip of the config branch without checking it out).
/// Paths are relative to the repo root and use '/'.
/// </summary>
public interface IConfigSource
{
    /// <summary>The paths of the files directly inside <paramref name="directory"/> ("" for the root), sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>The file's bytes, or null when there is no such file.</summary>
    byte[]? ReadFile(string path);
}

/// <summary>A config repo checked out (or just unpacked) on disk.</summary>
public sealed class DirectorySource(string root) : IConfigSource
{
    public string Root { get; } = Path.GetFullPath(root);

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var full = Path.Combine(Root, directory);
        if (!Directory.Exists(full))
        {
            return [];
        }

        return Directory.EnumerateFiles(full)
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public byte[]? ReadFile(string path)
    {
        var full = Path.Combine(Root, path);
        return File.Exists(full) ? File.ReadAllBytes(full) : null;
    }
}
