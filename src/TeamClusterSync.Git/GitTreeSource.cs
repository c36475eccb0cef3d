using LibGit2Sharp;
using TeamClusterSync.Config;

namespace TeamClusterSync.Git;

/// <summary>
/// The files of one git tree, copied into memory when the snapshot is taken. A config repo is a few dozen small
/// files; copying them makes a snapshot an immutable value that any thread may read while the store (whose
/// LibGit2Sharp repository is not thread-safe) goes on fetching and committing.
/// </summary>
internal sealed class GitTreeSource : IConfigSource
{
    private readonly SortedDictionary<string, byte[]> files;

    private GitTreeSource(SortedDictionary<string, byte[]> files) => this.files = files;

    public static GitTreeSource Load(Tree tree)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        Collect(tree, "", files);
        return new GitTreeSource(files);
    }

    /// <summary>Just one file of the tree (when it is there): for reading a setting without copying the whole tree.</summary>
    public static GitTreeSource Only(Tree tree, string path)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (tree[path]?.Target is Blob blob)
        {
            files[path] = ReadAll(blob);
        }

        return new GitTreeSource(files);
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var prefix = directory.Trim('/') is { Length: > 0 } d ? d + "/" : "";
        return files.Keys
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.IndexOf('/', prefix.Length) < 0)
            .ToList();
    }

    public byte[]? ReadFile(string path) => files.GetValueOrDefault(path.TrimStart('/'));

    private static void Collect(Tree tree, string prefix, SortedDictionary<string, byte[]> files)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Target)
            {
                case Tree subtree:
                    Collect(subtree, path + "/", files);
                    break;
                case Blob blob when entry.Mode != Mode.SymbolicLink:
                    files[path] = ReadAll(blob);
                    break;
            }
        }
    }

    internal static byte[] ReadAll(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
