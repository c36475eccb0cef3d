namespace TeamClusterSync.Cli.Chat;

/// <summary>The example config repo compiled into the program, so <c>demo</c> works from any directory or image.</summary>
internal static class EmbeddedConfig
{
    private const string Prefix = "example-config/";

    /// <summary>Path inside the config repo → bytes.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files()
    {
        var assembly = typeof(EmbeddedConfig).Assembly;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }

        return files;
    }
}
