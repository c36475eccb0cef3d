using System.Runtime.Versioning;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Chat;

/// <summary>
/// <c>chat --out</c> writes kubeconfigs where another local user may have planted links: it never writes through one,
/// and what it writes is its user's alone. (File modes and links as on Linux, where the bot runs.)
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class OutDirectoryTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-out");

    public OutDirectoryTests()
    {
        GitCli.CreateOrigin(temp.Combine("origin.git"), RepoRoot.ExampleConfig);
    }

    private string Out => temp.Combine("out");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_link_planted_where_the_kubeconfig_goes_is_replaced_not_written_through()
    {
        var victim = temp.Combine("victim-bashrc");
        File.WriteAllText(victim, "precious\n");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Directory.CreateDirectory(Path.Combine(Out, "miabbott"));
        File.CreateSymbolicLink(Path.Combine(Out, "miabbott", "kubeconfig-team-rhcos.yaml"), victim);

        var (code, _, stderr) = await ChatAsync("miabbott", "teamcluster request");

        Assert.True(code == 0, stderr);
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(victim));
        var written = new FileInfo(Path.Combine(Out, "miabbott", "kubeconfig-team-rhcos.yaml"));
        Assert.Null(written.LinkTarget);
        Assert.Contains("\napiVersion: v1\n", File.ReadAllText(written.FullName), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(written.FullName));
        Assert.Equal(["kubeconfig-team-rhcos.yaml"], Directory.GetFiles(Path.Combine(Out, "miabbott")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_person_directory_that_is_a_link_is_refused_in_one_line()
    {
        var elsewhere = temp.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateDirectory(Out);
        Directory.CreateSymbolicLink(Path.Combine(Out, "miabbott"), elsewhere);

        var (code, _, stderr) = await ChatAsync("miabbott", "teamcluster request");

        Assert.Equal(1, code);
        Assert.Equal(
            $"teamclustersync chat: {Path.Combine(Out, "miabbott")} is a symbolic link (to {elsewhere}); a kubeconfig is not written through it, remove it and try again\n",
            stderr);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    private async Task<(int Code, string Stdout, string Stderr)> ChatAsync(string login, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(
            ["chat", "--repo", temp.Combine("origin.git"), "--as", login, "--out", Out, "--", message], stdout, stderr, new StringReader(""), CliEnvironment.WithCache(temp.Combine("cache")));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
