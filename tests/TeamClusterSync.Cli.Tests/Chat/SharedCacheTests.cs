using System.Diagnostics;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Chat;

/// <summary>
/// Fifty real processes sharing one cache, as people do in two terminals or a script that fans out: every one of
/// them answers, and git still settles who holds the cluster.
/// </summary>
public sealed class SharedCacheTests : IDisposable
{
    private const int People = 50;
    private readonly TempDirectory temp = new("tcs-shared-cache");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Concurrent_chat_processes_on_one_cache_all_answer_and_exactly_one_gets_the_cluster()
    {
        var origin = temp.Combine("origin.git");
        GitCli.CreateOrigin(origin, RepoRoot.ExampleConfig);
        var logins = Enumerable.Range(1, People).Select(i => $"user{i:D2}").ToList();
        AddMembers(origin, logins);

        var results = await Task.WhenAll(logins.Select(login => ChatAsync(origin, login, "teamcluster request team-rhcos")));

        Assert.All(results, r => Assert.True(r.Exit == 0 && r.Stderr.Length == 0, $"exit {r.Exit}: {r.Stderr}"));
        Assert.Single(results, r => r.Stdout.Contains("is currently available", StringComparison.Ordinal));
        Assert.Equal(People - 1, results.Count(r => r.Stdout.Contains("is in use by", StringComparison.Ordinal)));
        Assert.Single(GitCli.Run(origin, "log", "--format=%s", "--", "state/leases/team-rhcos.yaml").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private void AddMembers(string origin, IEnumerable<string> logins)
    {
        var work = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", origin, work);
        var team = Path.Combine(work, "teams", "redhat-coreos.yaml");
        File.WriteAllText(team, File.ReadAllText(team).Replace("members:\n", "members:\n" + string.Concat(logins.Select(l => $"  - {l}\n")), StringComparison.Ordinal));
        GitCli.Run(work, "commit", "--quiet", "-am", "a crowd joins");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
    }

    private async Task<(int Exit, string Stdout, string Stderr)> ChatAsync(string origin, string login, string message)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "teamclustersync.dll"), "chat", "--repo", origin, "--as", login, "--", message })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TEAMCLUSTERSYNC_CACHE"] = temp.Combine("shared-cache");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout, await stderr);
    }
}
