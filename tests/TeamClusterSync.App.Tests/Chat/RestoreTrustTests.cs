using TeamClusterSync.Providers;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Chat;

/// <summary>
/// <c>restore</c> scales the cluster-version-operator back up and clears overrides: only its holder may do that to a
/// cluster in use, and a restore that fails says why without the secrets its script printed.
/// </summary>
public sealed class RestoreTrustTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Only_the_holder_restores_a_cluster_in_use_and_anyone_on_the_team_while_it_is_free()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        fixture.Provider.LeaveDirty("team-mco");
        await bot.HandleAsync("sinnykumari", "teamcluster done");
        await bot.HandleAsync("yuqi-zhang", "teamcluster request");

        var theirs = await bot.HandleAsync("sinnykumari", "teamcluster restore team-mco");
        var holders = await bot.HandleAsync("yuqi-zhang", "teamcluster restore");

        Assert.Equal(
            "@sinnykumari: @yuqi-zhang holds team-mco now, so only they can restore it; it can be restored by anyone on the team once it is free",
            AppFixture.Render(theirs));
        Assert.StartsWith("@yuqi-zhang: team-mco is restored", AppFixture.Render(holders), StringComparison.Ordinal);
        Assert.Equal(
            "yuqi-zhang|cluster: team-mco restored by @yuqi-zhang\n",
            GitCli.Run(fixture.Origin, "log", "-1", "--format=%an|%s", "--", "state/clusters/team-mco.yaml"));
    }

    [Fact]
    public async Task A_failed_restore_tells_why_without_the_token_its_script_printed()
    {
        var example = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-mco.yaml"));
        var cluster = example.Replace(
            example[example.IndexOf("  type: simulated\n", StringComparison.Ordinal)..example.IndexOf("reprovision:", StringComparison.Ordinal)],
            "  type: command\n  command:\n    create: \"true\"\n    destroy: \"true\"\n    kubeconfig: \"printf 'apiVersion: v1\\\\n'\"\n"
            + "    check: echo the cluster-version-operator is scaled to 0 replicas\n"
            // The token is put together by the script, so the cluster file itself does not hold it.
            + "    restore: 'printf \"oc scale failed: Unauthorized (token sha256~%s%s)\\\\n\" Zm9vYmFy YmF6cXV4MTIz >&2; exit 1'\n",
            StringComparison.Ordinal);
        fixture.HumanCommit("clusters/team-mco.yaml", cluster);
        var bot = await fixture.BotAsync(new ProviderSet(ProviderSet.Defaults()));
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        await bot.HandleAsync("sinnykumari", "teamcluster done");

        var restore = await bot.HandleAsync("sinnykumari", "teamcluster restore");

        Assert.Equal(
            "@sinnykumari: I could not restore team-mco: provider.command.restore failed with exit code 1: oc scale failed: Unauthorized (token ***)",
            AppFixture.Render(restore));
        Assert.DoesNotContain("Zm9vYmFyYmF6cXV4MTIz", GitCli.Run(fixture.Origin, "log", "-p", "main"), StringComparison.Ordinal);

        // The failed restore recorded nothing: no commit says the cluster was restored.
        Assert.DoesNotContain(fixture.Subjects(), s => s.Contains("team-mco restored", StringComparison.Ordinal));
    }
}
