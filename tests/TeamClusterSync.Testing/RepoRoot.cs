namespace TeamClusterSync.Testing;

/// <summary>Files of this source tree (the example config, for one), found from the test binary's location.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string ExampleConfig => System.IO.Path.Combine(Path, "example-config");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TeamClusterSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TeamClusterSync.sln not found above " + AppContext.BaseDirectory);
    }
}
