namespace TeamClusterSync.Testing;

/// <summary>Human edits of example-config's teams, made through the real git CLI on an origin.</summary>
public static class ExampleTeams
{
    /// <summary>The two example teams' files.</summary>
    public static IReadOnlyList<string> Files { get; } = ["teams/machine-config.yaml", "teams/redhat-coreos.yaml"];

    /// <summary>Lists <paramref name="login"/> as a member of both example teams, in one pushed commit.</summary>
    public static void JoinBoth(string origin, string login)
    {
        var work = origin + $".join-{Guid.NewGuid():N}";
        GitCli.Run(Path.GetDirectoryName(origin)!, "clone", "--quiet", origin, work);
        foreach (var file in Files)
        {
            var path = Path.Combine(work, file);
            var yaml = File.ReadAllText(path);
            if (!yaml.Contains($"  - {login}\n", StringComparison.Ordinal))
            {
                File.WriteAllText(path, yaml.Replace("members:\n", $"members:\n  - {login}\n", StringComparison.Ordinal));
            }
        }

        GitCli.Run(work, "commit", "--quiet", "-am", $"@{login} joins both teams");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
        Directory.Delete(work, recursive: true);
    }
}
