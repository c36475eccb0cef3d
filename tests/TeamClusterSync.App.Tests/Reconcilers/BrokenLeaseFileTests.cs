using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Reconcilers;

/// <summary>
/// A human commit leaves one cluster's lease file unreadable: that cluster alone is affected (status says so, commands on
/// it answer in one sentence, others work), and the bot restores the file's last readable revision and says so.
/// </summary>
public sealed class BrokenLeaseFileTests : IDisposable
{
    private const string Broken = "cluster: team-rhcos\nholders: [\n";
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Status_shows_the_broken_cluster_as_unreadable_with_its_position_and_goes_on()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        fixture.HumanCommit("state/leases/team-rhcos.yaml", Broken);
        fixture.Later();

        var status = await bot.HandleAsync("octocat", "teamcluster status");

        Assert.Equal(
            """
            @octocat: team-mco (OpenShift 4.6, https://console.team-mco.devcluster.openshift.com/): held by @sinnykumari until 2026-11-25 13:00 UTC
            team-rhcos (OpenShift 4.6, https://console.team-redhat-coreos.devcluster.openshift.com/): unreadable lease file: state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content
            """,
            AppFixture.Render(status));
    }

    [Fact]
    public async Task Commands_on_other_clusters_work_and_one_on_the_broken_cluster_says_what_is_wrong()
    {
        var bot = await fixture.BotAsync();
        fixture.HumanCommit("state/leases/team-rhcos.yaml", Broken);
        var before = fixture.Subjects();

        var other = await bot.HandleAsync("sinnykumari", "teamcluster request");
        var broken = await bot.HandleAsync("miabbott", "teamcluster request");

        Assert.Equal("lease: @sinnykumari took team-mco (read-write)", fixture.Subjects()[^1]);
        Assert.Equal("kubeconfig-team-mco.yaml", other[0].Attachment?.FileName);
        Assert.Equal(
            "@miabbott: nothing changed: the lease file of team-rhcos cannot be read (state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content); "
            + "the bot restores its last readable revision within a minute, or a team admin can revert the commit that broke it",
            AppFixture.Render(broken));
        Assert.Equal(before.Count + 1, fixture.Subjects().Count);
    }

    [Fact]
    public async Task The_bot_restores_the_last_readable_revision_with_a_commit_naming_the_broken_one_and_tells_holders_and_the_channel()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var readable = GitCli.Run(fixture.Origin, "rev-parse", "main").Trim();
        var good = GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml");
        var broken = fixture.HumanCommit("state/leases/team-rhcos.yaml", Broken);
        fixture.Later();

        var told = await bot.RepairAsync();

        Assert.Equal(
            $"""
            @miabbott: your access to team-rhcos stands: commit {broken[..7]} left its lease file unreadable (state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content), and I restored its last readable revision (from {readable[..7]})
            #team-rhcos: commit {broken[..7]} left the lease file of team-rhcos unreadable (state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content); I restored its last readable revision (from {readable[..7]}). Only the bot writes lease files: `teamclustersync validate` in the config repo's CI stops such a commit
            """,
            AppFixture.Render(told));
        Assert.Equal(good, GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"));
        Assert.Equal(
            $"""
            lease: team-rhcos restored to its last readable revision (from {readable[..7]}); commit {broken[..7]} left it unreadable
            teamclustersync <teamclustersync@users.noreply.github.com>

            Cluster: team-rhcos
            Actor: schedule
            Action: restore
            Source: schedule
            Reason: state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content


            """,
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%s%n%an <%ae>%n%n%b", "main"));
        Assert.Empty(await bot.RepairAsync());
    }

    [Fact]
    public async Task A_broken_file_that_had_no_readable_revision_before_is_restored_as_free()
    {
        var bot = await fixture.BotAsync();
        var seed = GitCli.Run(fixture.Origin, "rev-parse", "main").Trim();
        var broken = fixture.HumanCommit("state/leases/team-rhcos.yaml", Broken);

        await bot.RepairAsync();

        Assert.Equal(
            $"lease: team-rhcos restored to its last readable revision (from {seed[..7]}); commit {broken[..7]} left it unreadable",
            fixture.Subjects()[^1]);
        Assert.Equal("cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"));
        Assert.Equal(
            "team-rhcos (OpenShift 4.6, https://console.team-redhat-coreos.devcluster.openshift.com/): free",
            (await bot.HandleAsync("miabbott", "teamcluster status team-rhcos"))[0].Text);
    }
}
