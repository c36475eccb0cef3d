using TeamClusterSync.Providers.Command;
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
    public async Task A_quick_check_is_committed_after_the_release_and_both_go_out_in_one_push()
    {
        GitCli.Run(fixture.Origin, "config", "core.logAllRefUpdates", "always");
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        var held = GitCli.Run(fixture.Origin, "rev-parse", "main").Trim();
        fixture.Provider.LeaveDirty("team-mco");

        var done = await bot.HandleAsync("sinnykumari", "teamcluster done");

        Assert.StartsWith("@sinnykumari: I checked team-mco after your release and it is not clean", AppFixture.Render([done[1]]), StringComparison.Ordinal);
        Assert.Equal(
            [
                "sinnykumari|lease: @sinnykumari released team-mco|done|state/leases/team-mco.yaml",
                $"sinnykumari|cluster: team-mco left dirty after @sinnykumari's release: {Problems}|release-check|state/clusters/team-mco.yaml",
            ],
            GitCli.Run(fixture.Origin, "log", "--reverse", "--format=%an|%s|%(trailers:key=Action,valueonly,separator=)|", "--name-only", $"{held}..main")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Chunk(2).Select(c => c[0] + c[1]));

        // One update of main took it from the holder's grant to the check: one push for both.
        Assert.Equal(held, GitCli.Run(fixture.Origin, "reflog", "show", "--format=%H", "main").Split('\n')[1]);
    }

    [Fact]
    public async Task A_slow_check_is_committed_on_its_own_after_the_release_and_the_holder_still_hears_its_outcome()
    {
        GitCli.Run(fixture.Origin, "config", "core.logAllRefUpdates", "always");
        var cluster = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-rhcos.yaml")).Replace(
            "  type: simulated\n",
            "  type: command\n  command:\n    create: \"true\"\n    destroy: \"true\"\n    kubeconfig: \"printf 'apiVersion: v1\\\\nkind: Config\\\\n'\"\n"
            + "    check: \"sleep 3; echo 'the cluster-version-operator is scaled to 0 replicas'\"\n",
            StringComparison.Ordinal);
        fixture.HumanCommit("clusters/team-rhcos.yaml", cluster);
        var bot = await fixture.BotAsync(new CommandLineProvider());
        await bot.HandleAsync("miabbott", "teamcluster request");
        var held = GitCli.Run(fixture.Origin, "rev-parse", "main").Trim();

        var done = await bot.HandleAsync("miabbott", "teamcluster done");

        Assert.StartsWith(
            "@miabbott: I checked team-rhcos after your release and it is not clean: the cluster-version-operator is scaled to 0 replicas",
            AppFixture.Render([done[1]]),
            StringComparison.Ordinal);
        Assert.Equal(
            ["lease: @miabbott released team-rhcos", "cluster: team-rhcos left dirty after @miabbott's release: the cluster-version-operator is scaled to 0 replicas"],
            GitCli.Run(fixture.Origin, "log", "--reverse", "--format=%s", $"{held}..main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var updates = GitCli.Run(fixture.Origin, "reflog", "show", "--format=%H", "main").Split('\n');
        Assert.Equal((GitCli.Run(fixture.Origin, "rev-parse", "main~1").Trim(), held), (updates[1], updates[2]));
    }

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
