using TeamClusterSync.Cli.Hosting;

namespace TeamClusterSync.Cli.Tests;

/// <summary>The environment a test runs the program in: its own, but with the cache in the test's temporary directory.</summary>
internal static class CliEnvironment
{
    /// <summary>So the clones a command makes go with the test's directory, not into ~/.cache/teamclustersync.</summary>
    public static Func<string, string?> WithCache(string cache) =>
        name => name == HostSettings.CacheVariable ? cache : Environment.GetEnvironmentVariable(name);
}
