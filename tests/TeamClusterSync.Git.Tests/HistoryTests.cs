using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;
using static TeamClusterSync.Git.Tests.GitRepoFixture;

namespace TeamClusterSync.Git.Tests;

public sealed class HistoryTests : IDisposable
{
    private readonly GitRepoFixture repo = new();

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task Lists_each_transition_of_one_cluster_newest_first_with_trailers_and_state_after()
    {
        using var store = await repo.OpenAsync();
        var team = new HashSet<string> { "alice", "bob" };
        var commits = new List<string>();
        async Task Do(string actor, LeaseCommand command, int minutes)
        {
            var result = await store.TransactAsync(Decide(actor, command, team, Now.AddMinutes(minutes)), minutes % 2 == 0 ? "slack" : "cli");
            commits.Add(result.CommitId!);
        }

        await Do("alice", new LeaseCommand.Request(), 0);
        await Do("bob", new LeaseCommand.Ping(), 1);

        // A commit to another cluster's lease and a human commit in between are not transitions of this cluster.
        await store.TransactAsync(
            _ => new Transaction<int>(0, new StateChange(LeaseState.Free("team-ops") with { Pending = [new PendingRequest("x", Now)] }, "lease: other", "x", "ping")),
            "cli");
        var human = repo.CloneForHuman();
        File.AppendAllText(Path.Combine(human, "teams", "redhat-coreos.yaml"), "# note\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "teams: note");
        GitCli.Run(human, "push", "--quiet");

        await Do("alice", new LeaseCommand.Grant(), 2);

        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal(Enumerable.Reverse(commits), history.Select(t => t.CommitId));
        Assert.Equal(
            [
                "grant alice slack lease: @alice shared team-rhcos with @bob (read-write)",
                "ping bob cli lease: @bob asked @alice for team-rhcos",
                "request alice slack lease: @alice took team-rhcos (read-write)",
            ],
            history.Select(t => $"{t.Action} {t.Actor} {t.Source} {t.Subject}"));
        Assert.Equal(["alice", "bob"], history[0].State.Holders.Select(h => h.User));
        Assert.Empty(history[0].State.Pending);
        Assert.Equal("bob", Assert.Single(history[1].State.Pending).User);
        Assert.Equal("alice", Assert.Single(history[2].State.Holders).User);
        Assert.Equal(repo.Git("log", "-1", "--format=%cI", commits[0]).Trim(), history[2].When.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("x", Assert.Single(Assert.Single(await store.HistoryAsync("team-ops")).State.Pending).User);
        Assert.Empty(await store.HistoryAsync("nobody"));
    }

    [Fact]
    public async Task A_human_removing_the_file_is_a_transition_to_free_without_trailers()
    {
        using var store = await repo.OpenAsync();
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), "slack");
        var human = repo.CloneForHuman();
        GitCli.Run(human, "rm", "--quiet", "state/leases/team-rhcos.yaml");
        GitCli.Run(human, "commit", "--quiet", "-m", "reset the lease by hand");
        GitCli.Run(human, "push", "--quiet");

        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal(2, history.Count);
        Assert.Equal("reset the lease by hand", history[0].Subject);
        Assert.Null(history[0].Actor);
        Assert.Null(history[0].Action);
        Assert.True(history[0].State.IsFree);
    }
}
