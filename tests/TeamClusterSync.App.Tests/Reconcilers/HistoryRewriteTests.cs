using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests.Reconcilers;

/// <summary>A human force-pushes main to an older commit with the git CLI: the bot notices and tells each holder it erased.</summary>
public sealed class HistoryRewriteTests : IDisposable
{
    private readonly AppFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_force_push_to_an_older_commit_is_detected_and_each_erased_holder_is_told_once()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        var kept = GitCli.Run(fixture.Origin, "rev-parse", "main").Trim();
        await bot.HandleAsync("jlebon", "teamcluster request ro");
        await bot.HandleAsync("sinnykumari", "teamcluster request");
        var erased = GitCli.Run(fixture.Origin, "rev-parse", "main").Trim();

        ForcePush(kept);
        fixture.Later();
        var status = await bot.HandleAsync("octocat", "teamcluster status");
        var told = await bot.RewritesAsync();

        Assert.Equal(
            """
            @octocat: team-mco (OpenShift 4.6, https://console.team-mco.devcluster.openshift.com/): free
            team-rhcos (OpenShift 4.6, https://console.team-redhat-coreos.devcluster.openshift.com/): held by @miabbott until 2026-11-25 17:00 UTC
            """,
            AppFixture.Render(status));
        Assert.Equal(
            $"""
            @sinnykumari: your read-write lease on team-mco was removed by a rewrite of the config repo's history: main was force-pushed from {erased[..7]} to {kept[..7]}, which does not have it. The bot no longer counts you as holding team-mco: ask again with `teamcluster request team-mco`, or ask whoever rewrote main to bring {erased[..7]} back
            @jlebon: your read-only lease on team-rhcos was removed by a rewrite of the config repo's history: main was force-pushed from {erased[..7]} to {kept[..7]}, which does not have it. The bot no longer counts you as holding team-rhcos: ask again with `teamcluster request ro team-rhcos`, or ask whoever rewrote main to bring {erased[..7]} back
            """,
            AppFixture.Render(told));
        Assert.Empty(await bot.RewritesAsync());
    }

    [Fact]
    public async Task New_commits_on_top_are_no_rewrite()
    {
        var bot = await fixture.BotAsync();
        await bot.HandleAsync("miabbott", "teamcluster request");
        fixture.HumanCommit("teams/notes.txt", "a note\n");

        await bot.HandleAsync("sinnykumari", "teamcluster request");

        Assert.Empty(await bot.RewritesAsync());
    }

    /// <summary>A person resets main to an older commit in their clone and force-pushes it.</summary>
    private void ForcePush(string commit)
    {
        var work = Path.Combine(Path.GetDirectoryName(fixture.Origin)!, "forcer");
        GitCli.Run(Path.GetDirectoryName(work)!, "clone", "--quiet", fixture.Origin, work);
        GitCli.Run(work, "reset", "--quiet", "--hard", commit);
        GitCli.Run(work, "push", "--quiet", "--force", "origin", "main");
    }
}
