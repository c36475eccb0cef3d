using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Chat;

/// <summary>The embedded default: no checkout, no tokens, state in a local bare origin that survives between runs.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-demo");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Seeds_a_local_origin_from_the_built_in_config_and_chats()
    {
        var (code, stdout, stderr) = await DemoAsync("teamcluster request\n/as jlebon\nteamcluster request ro\n");

        Assert.Equal(0, code);
        Assert.StartsWith($"seeded {temp.Combine("origin.git")} from the built-in example config\n", stderr, StringComparison.Ordinal);
        Assert.Contains("to @cgwalters:\ncluster https://console.team-redhat-coreos.devcluster.openshift.com/ is currently available\nattachment: kubeconfig-team-rhcos.yaml\n", stdout, StringComparison.Ordinal);
        Assert.Contains("to @cgwalters:\nUser @jlebon requested readonly access\n", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("out", "jlebon", "kubeconfig-team-rhcos-readonly.yaml")));
        Assert.Equal(
            "lease: @jlebon got read-only access to team-rhcos\nlease: @cgwalters took team-rhcos (read-write)\nconfig: seed from example-config\n",
            GitCli.Run(temp.Combine("origin.git"), "log", "--format=%s"));
    }

    [Fact]
    public async Task A_second_run_continues_where_the_first_left_off()
    {
        await DemoAsync("teamcluster request\n");

        var (code, stdout, stderr) = await DemoAsync("/as miabbott\nteamcluster request\n");

        Assert.Equal(0, code);
        Assert.DoesNotContain("seeded", stderr, StringComparison.Ordinal);
        Assert.Contains("is in use by @cgwalters", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_config_is_the_example_config()
    {
        var embedded = Cli.Chat.EmbeddedConfig.Files();
        var onDisk = Directory.EnumerateFiles(RepoRoot.ExampleConfig, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoRoot.ExampleConfig, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, embedded.Keys);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoRoot.ExampleConfig, "clusters/team-rhcos.yaml")), embedded["clusters/team-rhcos.yaml"]);
    }

    private async Task<(int Code, string Stdout, string Stderr)> DemoAsync(string input)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["demo", "--dir", temp.Path], stdout, stderr, new StringReader(input), CliEnvironment.WithCache(temp.Combine("cache")));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
