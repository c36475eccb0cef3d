using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// <c>lease.readOnlyFor</c> on a real origin: someone on another team gets read-only credentials where the cluster
/// opens them (by version or by name; the holder told as always), and a clear refusal where it does not.
/// </summary>
public sealed class ReadOnlyForTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    /// <summary>team-mco (team machine-config) runs 4.16, and opens read-only access as <paramref name="lease"/> says.</summary>
    private void Mco(string lease) =>
        fixture.HumanCommit("clusters/team-mco.yaml", File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-mco.yaml"))
            .Replace("version: \"4.6\"", "version: \"4.16\"", StringComparison.Ordinal)
            .Replace("  maxHolders: 1\n", "  maxHolders: 1\n" + lease, StringComparison.Ordinal));

    [Fact]
    public async Task Request_ro_by_version_from_another_team_gets_read_only_credentials_where_the_cluster_opens_them_and_the_holder_is_told()
    {
        Mco("  readOnlyFor: [redhat-coreos]\n");
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request team-mco");

        var readOnly = await bot.HandleAsync("jlebon", "teamcluster request ro 4.16");
        var ping = await bot.HandleAsync("jlebon", "teamcluster ping team-mco");
        var whoami = await bot.HandleAsync("jlebon", "teamcluster whoami");
        var swept = await bot.ExpireAsync();

        Assert.Equal(
            """
            @jlebon: cluster https://console.team-mco.devcluster.openshift.com/ is in use by @sinnykumari [kubeconfig-team-mco-readonly.yaml]
            @jlebon: You requested read-only access, please avoid changing the cluster
            @sinnykumari: User @jlebon requested readonly access
            """.ReplaceLineEndings("\n"),
            AppFixture.Render(readOnly));
        Assert.Equal(
            "jlebon|lease: @jlebon got read-only access to team-mco|request-ro\n",
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%an|%s|%(trailers:key=Action,valueonly,separator=)", "main", "--", "state/leases/team-mco.yaml"));
        Assert.StartsWith("@jlebon: sorry @jlebon, team-mco belongs to team machine-config and you are not a member", AppFixture.Render(ping), StringComparison.Ordinal);
        Assert.Contains("\nread-only beyond your teams (request ro CLUSTER or VERSION): team-mco (4.16)\n", AppFixture.Render(whoami), StringComparison.Ordinal);
        Assert.Empty(swept);
        Assert.Equal("@jlebon: you released team-mco, thanks! The cluster stays held by @sinnykumari", AppFixture.Render(await bot.HandleAsync("jlebon", "teamcluster done team-mco")));
    }

    [Fact]
    public async Task Everyone_opens_read_only_access_to_someone_on_any_team_by_name()
    {
        Mco("  readOnlyFor: everyone\n");
        var bot = await fixture.BotAsync();

        var readOnly = await bot.HandleAsync("miabbott", "teamcluster request ro team-mco");

        Assert.Contains("[kubeconfig-team-mco-readonly.yaml]", AppFixture.Render(readOnly), StringComparison.Ordinal);
        Assert.Contains("lease: @miabbott got read-only access to team-mco", fixture.Subjects());
    }

    [Fact]
    public async Task A_cluster_that_keeps_read_only_access_to_its_team_refuses_another_team_with_who_can_open_it()
    {
        Mco("");
        var bot = await fixture.BotAsync();
        var before = fixture.Subjects();

        var byVersion = await bot.HandleAsync("jlebon", "teamcluster request ro 4.16");
        var byName = await bot.HandleAsync("jlebon", "teamcluster request ro team-mco");

        Assert.Equal(
            "@jlebon: no OpenShift 4.16 cluster gives you read-only access: team-mco gives it only to team machine-config. "
            + "A team's admin can open a cluster to your team with lease.readOnlyFor in its file under clusters/ (team machine-config: @sinnykumari)",
            AppFixture.Render(byVersion));
        Assert.Equal(
            "@jlebon: sorry @jlebon, team-mco belongs to team machine-config and you are not a member, and it gives read-only access only to its team. "
            + "A team admin (@sinnykumari) can open it to your team with lease.readOnlyFor in clusters/team-mco.yaml",
            AppFixture.Render(byName));
        Assert.Equal(before, fixture.Subjects());
    }

    [Fact]
    public async Task A_cluster_open_to_other_teams_refuses_one_it_does_not_name()
    {
        Mco("  readOnlyFor: [redhat-coreos]\n");
        fixture.HumanCommit("teams/outsiders.yaml", "name: outsiders\nmembers: [someone]\n");
        var bot = await fixture.BotAsync();

        var refused = await bot.HandleAsync("someone", "teamcluster request ro team-mco");

        Assert.Equal(
            "@someone: sorry @someone, team-mco belongs to team machine-config and you are not a member, and it gives read-only access beyond its team only to team redhat-coreos. "
            + "A team admin (@sinnykumari) can open it to your team with lease.readOnlyFor in clusters/team-mco.yaml",
            AppFixture.Render(refused));
    }

    [Fact]
    public async Task A_reading_the_cluster_no_longer_opens_to_the_reader_ends_at_the_sweep_with_why()
    {
        Mco("  readOnlyFor: [redhat-coreos]\n");
        fixture.HumanCommit("teams/outsiders.yaml", "name: outsiders\nmembers: [someone]\n");
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("jlebon", "teamcluster request ro team-mco");
        Mco("  readOnlyFor: [outsiders]\n");
        fixture.Later();

        var swept = await bot.ExpireAsync();

        Assert.Equal(
            "@jlebon: your read-only access to team-mco ended: it is open to team machine-config and team outsiders and you are on none of them now; "
            + "a team admin (@sinnykumari) can open it with lease.readOnlyFor in clusters/team-mco.yaml",
            AppFixture.Render(swept));
        Assert.Equal(
            "teamclustersync|lease: @jlebon's read-only access to team-mco ended: on neither team machine-config nor a team its readOnlyFor names\n",
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%an|%s", "main", "--", "state/leases/team-mco.yaml"));
        Assert.DoesNotContain(fixture.Provider.ActiveTokens.Keys, k => k.StartsWith("team-mco/", StringComparison.Ordinal));
    }
}
