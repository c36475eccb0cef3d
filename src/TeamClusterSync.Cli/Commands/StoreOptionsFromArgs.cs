using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using TeamClusterSync.Git;
using YamlDotNet.RepresentationModel;

namespace TeamClusterSync.Cli;

/// <summary>
/// The one place that turns <c>--repo</c> into an open <see cref="StateStore"/>: the remote (a directory, a bare
/// repo or a URL; default the current directory), the cache clone under
/// <c>$TEAMCLUSTERSYNC_CACHE</c> or <c>$XDG_CACHE_HOME/teamclustersync</c> or <c>~/.cache/teamclustersync</c>, keyed
/// by the SHA-1 of the remote so different repos never share a clone, and the state branch named in the repo's
/// own <c>teamclustersync.yaml</c> (<c>state.branch</c>).
/// </summary>
internal static class StoreOptionsFromArgs
{
    public const string CacheVariable = "TEAMCLUSTERSYNC_CACHE";

    public static StateStoreOptions Create(string? repo)
    {
        repo ??= ".";
        var remote = repo.Contains("://", StringComparison.Ordinal) ? repo : Path.GetFullPath(repo);
        return new StateStoreOptions(remote, Path.Combine(CacheRoot(), Sha1(remote)));
    }

    /// <summary>
    /// Opens the store for <paramref name="args"/> and runs <paramref name="body"/>; failures to reach or read the
    /// repo become one line on stderr and exit code 1.
    /// </summary>
    public static Task<int> RunAsync(CliArgs args, Terminal console, string command, Func<StateStore, Task<int>> body) =>
        RunAsync(args.Value("repo"), console, command, body);

    /// <inheritdoc cref="RunAsync(CliArgs, Terminal, string, Func{StateStore, Task{int}})"/>
    public static async Task<int> RunAsync(string? repo, Terminal console, string command, Func<StateStore, Task<int>> body)
    {
        try
        {
            var options = Create(repo);
            var store = await StateStore.OpenAsync(options);
            if (await StateBranchOf(store) is { } branch && "refs/heads/" + branch != store.StateRef)
            {
                store.Dispose();
                store = await StateStore.OpenAsync(options with { StateBranch = branch });
            }

            using (store)
            {
                return await body(store);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or LibGit2SharpException or FormatException or IOException
            or StateConflictException or StatePushRejectedException
            || (e is ArgumentException && e is not ArgumentNullException))
        {
            console.Error.WriteLine($"teamclustersync {command}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The state branch named in the repo's settings, read on its own rather than through the full loader: a config
    /// with errors elsewhere must not send status, history or chat to the wrong branch.
    /// </summary>
    private static async Task<string?> StateBranchOf(StateStore store)
    {
        var bytes = (await store.ReadAsync()).Config.ReadFile("teamclustersync.yaml");
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(Encoding.UTF8.GetString(bytes)));
            return yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue("state", out var state) && state is YamlMappingNode stateMap
                && stateMap.Children.TryGetValue("branch", out var branch) && branch is YamlScalarNode { Value: { Length: > 0 } name }
                ? name
                : null;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // 'validate' reports a broken settings file; status and history still work on the config branch.
            return null;
        }
    }

    private static string CacheRoot()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } overridden)
        {
            return overridden;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "teamclustersync");
    }

    private static string Sha1(string text) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
