using LibGit2Sharp;

namespace TeamClusterSync.Git.Seeding;

/// <summary>
/// Creates a bare git repo holding a config repo's files in one commit: the embedded default's "origin", which the
/// bot clones and pushes to exactly as it would to GitHub.
/// </summary>
public static class LocalOrigin
{
    public static void CreateBare(string path, IReadOnlyDictionary<string, byte[]> files, string branch = "main")
    {
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new IOException($"{path} already exists and is not empty");
        }

        Repository.Init(path, isBare: true);
        using var repo = new Repository(path);
        var tree = new TreeDefinition();
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            using var stream = new MemoryStream(content);
            tree.Add(name, repo.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
        }

        var signature = new Signature("teamclustersync", "teamclustersync@users.noreply.github.com", DateTimeOffset.UtcNow);
        var commit = repo.ObjectDatabase.CreateCommit(
            signature, signature, "config: seed from example-config\n", repo.ObjectDatabase.CreateTree(tree), [], prettifyMessage: false);
        repo.Refs.Add($"refs/heads/{branch}", commit.Id);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
    }
}
