using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary><c>serve</c> with a lease file a human commit broke: its schedule restores the file and tells the team channel.</summary>
public sealed class BrokenStateServeTests : IAsyncLifetime
{
    private readonly TempDirectory temp = new("tcs-broken");
    private SlackStandIn slack = null!;

    private string Origin => temp.Combine("origin.git");

    public async Task InitializeAsync()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        slack = await SlackStandIn.StartAsync();
        StandInTranscript.AddExamplePeople(slack);
    }

    public async Task DisposeAsync()
    {
        await slack.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task The_schedule_restores_a_broken_lease_file_and_tells_the_team_channel()
    {
        var broken = HumanEdit.Commit(Origin, temp.Combine("human"), "state/leases/team-mco.yaml", "cluster: team-mco\nholders: [\n", "by hand");

        await using (var serve = await ServeReplica.StartAsync("single", Origin, temp.Combine("cache"), slack, leases: null))
        {
            await Eventually.WaitAsync(() => slack.Messages.Any(m => m.Channel == SlackStandIn.ChannelId("team-mco") && !StandInTranscript.IsStatusMessage(m)), "the channel was told");
        }

        Assert.StartsWith(
            $"lease: team-mco restored to its last readable revision (from {GitCli.Run(Origin, "rev-parse", broken + "^").Trim()[..7]}); commit {broken[..7]} left it unreadable",
            GitCli.Run(Origin, "log", "--format=%s", "main", "--", "state/leases/team-mco.yaml"),
            StringComparison.Ordinal);
        Assert.StartsWith(
            $"commit {broken[..7]} left the lease file of team-mco unreadable (state/leases/team-mco.yaml:3:1: While parsing a node, did not find expected node content); ",
            slack.Messages.Single(m => m.Channel == SlackStandIn.ChannelId("team-mco") && !StandInTranscript.IsStatusMessage(m)).Text,
            StringComparison.Ordinal);
    }
}
