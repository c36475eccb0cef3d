using System.Globalization;
using System.Text.Json;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Git;
using TeamClusterSync.Testing;
using static TeamClusterSync.Cli.Tests.StatusCommandTests;

namespace TeamClusterSync.Cli.Tests;

public sealed class HistoryCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-cli");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Prints_one_line_per_transition_newest_first()
    {
        var origin = CreateOrigin(temp);
        var commits = new List<string>();
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("bot-cache"))))
        {
            commits.Add((await LeaseAsync(store, "alice", new LeaseCommand.Request(), Now))!);
            Assert.Null(await LeaseAsync(store, "bob", new LeaseCommand.Done(), Now));
            commits.Add((await LeaseAsync(store, "alice", new LeaseCommand.Done(), Now.AddHours(1)))!);
        }

        var (exit, output, error) = await RunAsync(temp, "history", "team-rhcos", "--repo", origin);

        Assert.Equal("", error);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            $"{When(origin, commits[1])}  {commits[1][..7]}  @alice  done  lease: @alice released team-rhcos\n"
            + $"{When(origin, commits[0])}  {commits[0][..7]}  @alice  request  lease: @alice took team-rhcos (read-write)\n",
            output);
    }

    [Fact]
    public async Task Json_output_has_commit_trailers_and_state_after()
    {
        var origin = CreateOrigin(temp);
        string commit;
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("bot-cache"))))
        {
            commit = (await LeaseAsync(store, "alice", new LeaseCommand.Request(), Now))!;
        }

        var (exit, output, _) = await RunAsync(temp, "history", "team-rhcos", "--repo", origin, "--output=json");

        Assert.Equal(ExitCodes.Ok, exit);
        var entry = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal(commit, entry.GetProperty("commit").GetString());
        Assert.Equal("alice", entry.GetProperty("actor").GetString());
        Assert.Equal("request", entry.GetProperty("action").GetString());
        Assert.Equal("slack", entry.GetProperty("source").GetString());
        Assert.Equal("lease: @alice took team-rhcos (read-write)", entry.GetProperty("subject").GetString());
        Assert.Equal("2026-11-25T06:30:00Z", entry.GetProperty("state").GetProperty("holders")[0].GetProperty("since").GetString());
    }

    [Fact]
    public async Task A_revision_that_cannot_be_read_is_one_line_saying_so_and_the_rest_follows()
    {
        var origin = CreateOrigin(temp);
        string request;
        using (var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("bot-cache"))))
        {
            request = (await LeaseAsync(store, "alice", new LeaseCommand.Request(), Now))!;
        }

        var human = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", origin, human);
        File.WriteAllText(Path.Combine(human, "state", "leases", "team-rhcos.yaml"), "cluster: team-rhcos\nholders: [\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "leases: fix by hand");
        var broken = GitCli.Run(human, "rev-parse", "HEAD").Trim();
        GitCli.Run(human, "revert", "--no-edit", "HEAD");
        GitCli.Run(human, "push", "--quiet");
        var revert = GitCli.Run(human, "rev-parse", "HEAD").Trim();

        var (exit, output, error) = await RunAsync(temp, "history", "team-rhcos", "--repo", origin);

        Assert.Equal((ExitCodes.Ok, ""), (exit, error));
        Assert.Equal(
            $"{When(origin, revert)}  {revert[..7]}  -  -  Revert \"leases: fix by hand\"\n"
            + $"{When(origin, broken)}  {broken[..7]}  -  -  leases: fix by hand  (this revision could not be read: "
            + "state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content.)\n"
            + $"{When(origin, request)}  {request[..7]}  @alice  request  lease: @alice took team-rhcos (read-write)\n",
            output);
    }

    [Fact]
    public async Task A_cluster_without_history_prints_nothing()
    {
        var origin = CreateOrigin(temp);

        var (exit, output, error) = await RunAsync(temp, "history", "team-ops", "--repo", origin);

        Assert.Equal((ExitCodes.Ok, "", ""), (exit, output, error));
    }

    [Fact]
    public async Task The_cluster_is_required_and_must_be_a_plain_name()
    {
        var origin = CreateOrigin(temp);

        var missing = await RunAsync(temp, "history", "--repo", origin);
        var traversal = await RunAsync(temp, "history", "../teams/x", "--repo", origin);

        Assert.Equal(ExitCodes.Usage, missing.Exit);
        Assert.Equal(
            "teamclustersync history: name the cluster\nusage: teamclustersync history CLUSTER [--repo PATH_OR_URL] [--output text|json]\n",
            missing.Error);
        Assert.Equal(ExitCodes.Failed, traversal.Exit);
        Assert.StartsWith("teamclustersync history: '../teams/x' is not a valid cluster name", traversal.Error);
    }

    private static string When(string origin, string commit) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(GitCli.Run(origin, "log", "-1", "--format=%ct", commit).Trim(), CultureInfo.InvariantCulture))
            .UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
