using System.Text;
using TeamClusterSync.Core.Diagnostics;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Config.Tests;

/// <summary>
/// A small valid config repo on disk (one team "a", one cluster "c") that a test breaks by overwriting or
/// adding files, then loads through the real <see cref="DirectorySource"/>.
/// </summary>
internal sealed class RepoFixture : IDisposable
{
    public const string Settings = "github:\n  org: example\n";
    public const string Team = "name: a\nmembers: [alice]\n";
    public const string Cluster = "name: c\nteam: a\nversion: \"4.6\"\nconsoleUrl: https://c.example.com/\nprovider:\n  type: simulated\n";

    private readonly TempDirectory dir = new("tcs-config");

    public RepoFixture()
    {
        Write("teamclustersync.yaml", Settings);
        Write("teams/a.yaml", Team);
        Write("clusters/c.yaml", Cluster);
        Write("people.yaml", "- github: alice\n  slack: U1\n");
    }

    public string Root => dir.Path;

    public RepoFixture Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    public RepoFixture Write(string path, byte[] bytes)
    {
        var full = dir.Combine(path.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return this;
    }

    public RepoFixture Delete(string path)
    {
        File.Delete(dir.Combine(path.Split('/')));
        return this;
    }

    public ConfigLoadResult Load() => ConfigLoader.Load(new DirectorySource(Root));

    /// <summary>Loads and asserts that exactly these errors were found, in this order.</summary>
    public void AssertErrors(params Diagnostic[] expected)
    {
        var result = Load();
        Assert.Equal(expected, result.Diagnostics);
        Assert.Null(result.Config);
    }

    public void Dispose() => dir.Dispose();

    /// <summary>Loads a repo that is the valid base with one file replaced.</summary>
    public static void AssertErrors(string path, string text, params Diagnostic[] expected)
    {
        using var repo = new RepoFixture().Write(path, text);
        repo.AssertErrors(expected);
    }
}
