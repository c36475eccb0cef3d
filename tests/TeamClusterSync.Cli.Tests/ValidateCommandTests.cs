using System.Text.Json;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests;

public sealed class ValidateCommandTests
{
    private static readonly string ExampleConfig = Path.Combine(FindRepoRoot(), "example-config");

    [Fact]
    public async Task Example_config_is_valid()
    {
        var (exit, stdout, stderr) = await Run("validate", "--repo", ExampleConfig);

        Assert.Equal((0, "ok: 2 teams, 2 clusters, 5 people\n", ""), (exit, stdout, stderr));
    }

    [Fact]
    public async Task Broken_copy_lists_each_error_with_its_position()
    {
        using var repo = BrokenCopy();

        var (exit, stdout, stderr) = await Run("validate", "--repo", repo.Path);

        Assert.Equal(1, exit);
        Assert.Equal(
            """
            clusters/team-rhcos.yaml:4:10: error: 'version' must be text, found a list
            clusters/team-rhcos.yaml:14:16: error: 'lease.maxDuration' is not a duration: '8 hours'; write a number and a unit, e.g. 90m, 8h, 2d
            teams/redhat-coreos.yaml:12:5: error: 'members[1]' is not a GitHub login: '@miabbott'; write it without '@'

            """,
            stdout);
        Assert.Equal("3 errors in 2 files\n", stderr);
    }

    [Fact]
    public async Task Broken_state_files_are_reported_with_their_position_so_the_config_repos_ci_catches_them()
    {
        using var repo = new TempDirectory("tcs-validate-state");
        GitCli.CopyDirectory(ExampleConfig, repo.Path);
        Write(repo, "state/leases/team-rhcos.yaml", "cluster: team-rhcos\nholders:\n  - user: alice\n    mode: read-write\n    since: yesterday\n    expires: 2026-11-25T14:30:00Z\n");
        Write(repo, "state/leases/team-mco.yaml", "cluster: team-mco\nholders: [\n");
        Write(repo, "state/sync/redhat-coreos.yaml", "team: machine-config\nmembers: [a]\n");
        Write(repo, "state/clusters/team-rhcos.yml", "cluster: team-rhcos\n");

        var (exit, stdout, stderr) = await Run("validate", "--repo", repo.Path);

        Assert.Equal(1, exit);
        Assert.Equal(
            """
            state/clusters/team-rhcos.yml:1:1: error: the bot writes only .yaml files in state/clusters/; remove this file
            state/leases/team-mco.yaml:3:1: error: While parsing a node, did not find expected node content.
            state/leases/team-rhcos.yaml:1:1: error: 'holders[0].since' is 'yesterday', expected an ISO-8601 UTC time like 2026-11-25T06:30:00Z
            state/sync/redhat-coreos.yaml:1:1: error: it is about team 'machine-config'

            """,
            stdout);
        Assert.Equal("4 errors in 4 files\n", stderr);
    }

    [Fact]
    public async Task Json_output_of_errors()
    {
        using var repo = BrokenCopy();

        var (exit, stdout, _) = await Run("validate", "--repo", repo.Path, "--output", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var first = json.RootElement.GetProperty("errors")[0];
        Assert.Equal("clusters/team-rhcos.yaml", first.GetProperty("path").GetString());
        Assert.Equal(4, first.GetProperty("line").GetInt32());
        Assert.Equal(10, first.GetProperty("column").GetInt32());
        Assert.Equal("'version' must be text, found a list", first.GetProperty("message").GetString());
        Assert.Contains("\"message\": \"'version' must be text, found a list\"", stdout, StringComparison.Ordinal);
        Assert.Equal(3, json.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Json_output_when_valid()
    {
        var (exit, stdout, _) = await Run("validate", "--repo", ExampleConfig, "--output=json");

        Assert.Equal(0, exit);
        Assert.Equal("""{"valid":true,"errors":[]}""", JsonSerializer.Serialize(JsonDocument.Parse(stdout).RootElement));
    }

    [Fact]
    public async Task Missing_directory_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("nope");

        var (exit, stdout, stderr) = await Run("validate", "--repo", missing);

        Assert.Equal((2, "", $"teamclustersync validate: no such directory: {missing}\n"), (exit, stdout, stderr));
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var (exit, stdout, stderr) = await Run("validate", "--strict");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("teamclustersync validate: unknown option '--strict'\nusage: teamclustersync validate [--repo DIR] [--output text|json]\n", stderr);
    }

    [Fact]
    public async Task Positional_argument_is_a_usage_error()
    {
        var (exit, _, stderr) = await Run("validate", ExampleConfig);

        Assert.Equal(2, exit);
        Assert.StartsWith($"teamclustersync validate: unexpected argument '{ExampleConfig}'\n", stderr, StringComparison.Ordinal);
    }

    /// <summary>The example config with three mistakes in two files.</summary>
    private static TempDirectory BrokenCopy()
    {
        var repo = new TempDirectory("tcs-validate");
        GitCli.CopyDirectory(ExampleConfig, repo.Path);
        Edit(repo.Combine("teams", "redhat-coreos.yaml"), "  - miabbott", "  - '@miabbott'");
        Edit(repo.Combine("clusters", "team-rhcos.yaml"), "version: \"4.6\"", "version: [4.6]");
        Edit(repo.Combine("clusters", "team-rhcos.yaml"), "maxDuration: 8h", "maxDuration: 8 hours");
        return repo;
    }

    private static void Write(TempDirectory repo, string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(repo.Combine(path))!);
        File.WriteAllText(repo.Combine(path), content);
    }

    private static void Edit(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync(args, stdout, stderr, new StringReader(""));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string FindRepoRoot()
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
}
