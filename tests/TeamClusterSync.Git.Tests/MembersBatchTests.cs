using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.Git.Tests;

/// <summary>A sync's team members: one commit for every team that changed, listing the changes, and none when nothing did.</summary>
public sealed class MembersBatchTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task Every_changed_team_goes_into_one_commit_that_lists_the_changes()
    {
        using var store = await repo.OpenAsync();
        await store.RecordMembersAsync([Members("alpha", "ann", "bob"), Members("beta", "cy")], CommitSource.Cli);
        var before = repo.Git("rev-parse", "main").Trim();

        var recorded = await store.RecordMembersAsync(
            [Members("alpha", "ann", "dee"), Members("beta", "cy"), Members("gamma", "eve", "fay")], CommitSource.Schedule);

        Assert.Equal(["alpha", "gamma"], recorded.Teams);
        Assert.Equal(recorded.CommitId, repo.Git("rev-parse", "main").Trim());
        Assert.Equal(before, repo.Git("rev-parse", "main^").Trim());
        Assert.Equal("state/sync/alpha.yaml\nstate/sync/gamma.yaml\n", repo.Git("diff", "--name-only", "main^", "main"));
        Assert.Equal(
            "sync: GitHub members of 2 teams changed\n\nalpha: 2 member(s), +dee -bob\ngamma: 2 member(s) (first record)\n\n"
            + "Team: alpha\nTeam: gamma\nActor: sync\nAction: sync\nSource: schedule\n\n",
            repo.Git("log", "-1", "--format=%B", "main"));
    }

    [Fact]
    public async Task One_team_is_named_in_the_subject()
    {
        using var store = await repo.OpenAsync();

        await store.RecordMembersAsync([Members("alpha", "ann")], CommitSource.Cli);

        Assert.Equal("sync: GitHub members of team alpha changed\n", repo.Git("log", "-1", "--format=%s", "main"));
    }

    [Fact]
    public async Task Nothing_changed_commits_nothing()
    {
        using var store = await repo.OpenAsync();
        await store.RecordMembersAsync([Members("alpha", "ann", "bob")], CommitSource.Cli);
        var before = repo.Git("rev-parse", "main");

        var recorded = await store.RecordMembersAsync([Members("alpha", "bob", "ann")], CommitSource.Cli);

        Assert.Equal(MembersRecorded.Nothing, recorded);
        Assert.Equal(before, repo.Git("rev-parse", "main"));
    }

    private static TeamMembers Members(string team, params string[] logins) => new(team, "gh-" + team, logins);
}
