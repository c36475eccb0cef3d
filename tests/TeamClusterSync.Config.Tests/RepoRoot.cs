namespace TeamClusterSync.Config.Tests;

internal static class RepoRoot
{
    /// <summary>The checkout this test runs from: the first parent of the test binaries that holds the solution.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeamClusterSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no TeamClusterSync.sln above {AppContext.BaseDirectory}");
    }

    public static string ExampleConfig => Path.Combine(Find(), "example-config");
}
