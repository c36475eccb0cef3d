using TeamClusterSync.Providers;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Reconcilers;

/// <summary>
/// Access follows membership, on a real origin with a real <c>command</c> provider: once a team lead's commit takes
/// someone off the team, they can neither keep the cluster longer nor hand it on, and the next minute's sweep ends
/// their lease in a commit that says why, tells them and the team channel, and runs the revoke command.
/// </summary>
public sealed class MembershipSweepTests : IDisposable
{
    private const string Team = "teams/redhat-coreos.yaml";
    private readonly AppFixture fixture = new();
    private readonly TempDirectory temp = new("tcs-sweep");

    public void Dispose()
    {
        fixture.Dispose();
        temp.Dispose();
    }

    private string Revoked => temp.Combine("revoked");

    [Fact]
    public async Task Someone_taken_off_the_team_cannot_extend_or_hand_over_and_the_sweep_ends_their_lease_and_revokes_it()
    {
        var bot = await Arrange();
        await bot.HandleAsync("miabbott", "teamcluster request");
        await bot.HandleAsync("cgwalters", "teamcluster ping");
        RemoveFromTeam("miabbott");

        var extend = await bot.HandleAsync("miabbott", "teamcluster extend 1h");
        var yes = await bot.HandleAsync("miabbott", "yes");
        var sweep = await bot.ExpireAsync();

        const string refused = "@miabbott: you are no longer on team redhat-coreos, so you cannot keep team-rhcos longer or hand it on; "
            + "your access ends within a minute, or now with `teamcluster done`";
        Assert.Equal((refused, refused), (AppFixture.Render(extend), AppFixture.Render(yes)));
        Assert.Equal(
            """
            @miabbott: you are no longer on team redhat-coreos, so your access to team-rhcos ended (its credentials are revoked, your place in line and any request are gone); a team admin (@cgwalters) can add you back in teams/redhat-coreos.yaml
            #team-rhcos: @miabbott is no longer on team redhat-coreos, so their access to team-rhcos ended
            @cgwalters: @miabbott is no longer on team redhat-coreos, so team-rhcos is free now: take it with `teamcluster request`
            #team-rhcos: team-rhcos is free: use `teamcluster request` to take it
            """,
            AppFixture.Render(sweep));
        Assert.Equal(
            "lease: @miabbott's access to team-rhcos ended: no longer on team redhat-coreos\n\nCluster: team-rhcos\nActor: schedule\nAction: expire\nSource: schedule\n",
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%B", "main").TrimEnd('\n') + "\n");
        Assert.Equal("cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"));
        Assert.Equal("team-rhcos miabbott read-write\n", File.ReadAllText(Revoked));
    }

    [Fact]
    public async Task While_the_team_is_synced_from_github_and_no_sync_is_recorded_nobody_loses_access()
    {
        var bot = await Arrange(recordSync: false);
        await bot.HandleAsync("miabbott", "teamcluster request");
        RemoveFromTeam("miabbott");

        Assert.Empty(await bot.ExpireAsync());
        Assert.Contains("  - user: miabbott\n", GitCli.Run(fixture.Origin, "show", "main:state/leases/team-rhcos.yaml"), StringComparison.Ordinal);
    }

    /// <summary>team-rhcos on the command provider, whose revoke command records whom it revoked; the team's GitHub members as the last sync saw them.</summary>
    private async Task<TestBot> Arrange(bool recordSync = true)
    {
        var cluster = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-rhcos.yaml")).Replace(
            "  type: simulated\n",
            "  type: command\n  command:\n    create: \"true\"\n    destroy: \"true\"\n    kubeconfig: \"printf 'apiVersion: v1\\\\n'\"\n"
            + $"    revoke: 'echo \"$TEAMCLUSTER_CLUSTER $TEAMCLUSTER_USER $TEAMCLUSTER_MODE\" >> {Revoked}'\n",
            StringComparison.Ordinal);
        fixture.HumanCommit("clusters/team-rhcos.yaml", cluster);
        if (recordSync)
        {
            fixture.HumanCommit("state/sync/redhat-coreos.yaml", "team: redhat-coreos\ngithubTeam: openshift-team-red-hat-coreos\nmembers:\n- cgwalters\n- jlebon\n");
        }

        return await fixture.BotAsync(new ProviderSet(ProviderSet.Defaults()));
    }

    /// <summary>A team admin's commit, and then the store's bound passes: the bot's snapshot has it.</summary>
    private void RemoveFromTeam(string login)
    {
        fixture.HumanCommit(Team, File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, Team)).Replace($"  - {login}\n", "", StringComparison.Ordinal));
        fixture.Later();
    }
}
