using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// The release check when the last read-write holder is done (team-mco's simulated holders leave it dirty): the holder is told what is
/// off and offered Restore / Keep it; the outcome lands in state/clusters/, in status and in the channel's notice.
/// </summary>
public sealed class ReleaseCheckTests : IDisposable
{
    private const string Problems = "ClusterVersion has 1 entry in spec.overrides; the cluster-version-operator is scaled to 0 replicas";

    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_dirty_cluster_is_reported_to_its_holder_and_restore_puts_it_back_and_records_it()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        fixture.Provider.LeaveDirty("team-mco");

        var done = await bot.HandleAsync("sinnykumari", "teamcluster done");
        var status = await bot.HandleAsync("yuqi-zhang", "teamcluster status");
        var restore = await bot.HandleAsync("sinnykumari", done[1].Buttons![0].Command);
        var again = await bot.HandleAsync("sinnykumari", "teamcluster restore");

        Assert.Equal(
            $"""
            @sinnykumari: you released team-mco, thanks! The next user can take it with `teamcluster request`
            @sinnykumari: I checked team-mco after your release and it is not clean: {Problems}. Reply `teamcluster restore` and I scale the cluster-version-operator back up and clear the ClusterVersion overrides, or `teamcluster keep` to keep it as it is (it is then reprovisioned early, as soon as it is free)
            #team-mco: team-mco is free but left dirty ({Problems}): use `teamcluster request` to take it
            """,
            AppFixture.Render(done));
        Assert.Equal(["Restore: teamcluster restore team-mco", "Keep it: teamcluster keep team-mco"], done[1].Buttons!.Select(b => $"{b.Label}: {b.Command}"));
        Assert.Equal(
            $"@yuqi-zhang: team-mco (OpenShift 4.6, https://console.team-mco.devcluster.openshift.com/): free; last release: left dirty after @sinnykumari's release: {Problems}",
            AppFixture.Render(status));
        Assert.Equal(
            """
            @sinnykumari: team-mco is restored: the cluster-version-operator runs again and no ClusterVersion overrides are left
            #team-mco: team-mco was restored by @sinnykumari and is clean again
            """,
            AppFixture.Render(restore));
        Assert.Equal("@sinnykumari: team-mco is not marked dirty, so there is nothing to restore", AppFixture.Render(again));
        Assert.Equal(
            $"""
            sinnykumari|cluster: team-mco left dirty after @sinnykumari's release: {Problems}|release-check
            sinnykumari|cluster: team-mco restored by @sinnykumari|release-check

            """,
            GitCli.Run(fixture.Origin, "log", "--reverse", "--format=%an|%s|%(trailers:key=Action,valueonly,separator=)", "--", "state/clusters/team-mco.yaml"));
        Assert.Equal(
            """
            cluster: team-mco
            generation: 1
            provisionedAt: 2026-11-25T09:00:00Z
            lastRelease:
              outcome: restored
              problems: ""
              at: 2026-11-25T09:00:00Z
              by: sinnykumari

            """,
            GitCli.Run(fixture.Origin, "show", "main:state/clusters/team-mco.yaml"));
    }

    [Fact]
    public async Task A_clean_cluster_is_recorded_and_the_free_notice_says_so()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");

        var done = await bot.HandleAsync("miabbott", "teamcluster done");

        Assert.Equal("#team-rhcos: team-rhcos is free (checked clean): use `teamcluster request` to take it", AppFixture.Render(done.Skip(1)));
        Assert.Equal("cluster: team-rhcos checked clean after @miabbott's release", fixture.Subjects()[^1]);
    }

    [Fact]
    public async Task A_cluster_left_dirty_is_reprovisioned_early_once_free_and_its_record_cleared()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        fixture.Provider.LeaveDirty("team-mco");
        await bot.HandleAsync("sinnykumari", "teamcluster done");

        var keep = await bot.HandleAsync("sinnykumari", "teamcluster keep");
        await bot.ReprovisionAsync();

        Assert.Equal($"@sinnykumari: team-mco stays as it is ({Problems}); it is then reprovisioned early, as soon as it is free", AppFixture.Render(keep));
        Assert.Contains("team-mco", fixture.Provider.Reprovisioned);
        Assert.Contains("cluster: team-mco reprovisioned (left dirty), generation 2", fixture.Subjects());
        Assert.DoesNotContain("lastRelease", GitCli.Run(fixture.Origin, "show", "main:state/clusters/team-mco.yaml"), StringComparison.Ordinal);
    }
}
