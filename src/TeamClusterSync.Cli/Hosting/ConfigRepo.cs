using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Git;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// The one place that turns <c>--repo</c> into an open state store: the remote (a directory, a bare repo or a URL;
/// default the current directory) and its cache clone under <see cref="HostSettings.CacheRoot"/>, keyed by the SHA-256
/// of the remote so different repos never share a clone.
/// </summary>
internal static class ConfigRepo
{
    public static GitStateStoreOptions Options(string? repo, HostSettings settings)
    {
        repo ??= ".";
        var remote = repo.Contains("://", StringComparison.Ordinal) ? repo : Path.GetFullPath(repo);
        return new GitStateStoreOptions(remote, Path.Combine(settings.CacheRoot, Hash(remote)))
        {
            TokenVariable = HostSettings.GitTokenVariable,
            AllowPlainHttp = settings.GitAllowPlainHttp,
            NetworkTimeout = settings.GitTimeout,
        };
    }

    /// <summary>
    /// Opens the store for <paramref name="repo"/> and runs <paramref name="body"/>; failures to reach or read the repo
    /// become one line on stderr and exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(string? repo, HostSettings settings, Terminal console, string command, Func<GitStateStore, Task<int>> body)
    {
        try
        {
            using var store = await GitStateStore.OpenAsync(Options(repo, settings));
            foreach (var warning in store.Warnings)
            {
                console.Error.WriteLine($"teamclustersync {command}: warning: {warning}");
            }

            return await body(store);
        }
        catch (Exception e) when (e is InvalidOperationException or LibGit2SharpException or FormatException or IOException
            or StateConflictException or StatePushRejectedException
            || (e is ArgumentException && e is not ArgumentNullException))
        {
            console.Error.WriteLine($"teamclustersync {command}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
