using TeamClusterSync.App.Ports;
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
            var result = await store.TransactAsync(Decide(actor, command, team, Now.AddMinutes(minutes)), minutes % 2 == 0 ? CommitSource.Slack : CommitSource.Cli);
            commits.Add(result.CommitId!);
        }

        await Do("alice", new LeaseCommand.Request(), 0);
        await Do("bob", new LeaseCommand.Ping(), 1);

        // A commit to another cluster's lease and a human commit in between are not transitions of this cluster.
        await store.TransactAsync(
            _ => new Transaction<int>(0, new StateChange(LeaseState.Free("team-ops") with { Pending = [new PendingRequest("x", Now)] }, "lease: other", "x", "ping")),
            CommitSource.Cli);
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
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
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

    [Fact]
    public async Task A_later_call_adds_only_what_was_pushed_since_and_agrees_with_a_full_walk()
    {
        using var store = await repo.OpenAsync();
        var team = new HashSet<string> { "alice", "bob" };
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request(), team), CommitSource.Slack);
        var first = await store.HistoryAsync(ClusterName);
        await store.TransactAsync(Decide("bob", new LeaseCommand.Ping(), team, Now.AddMinutes(1)), CommitSource.Slack);
        await store.TransactAsync(Decide("alice", new LeaseCommand.Done(), team, Now.AddMinutes(2)), CommitSource.Slack);

        var later = await store.HistoryAsync(ClusterName);

        Assert.Single(first);
        Assert.Equal(["done", "ping", "request"], later.Select(t => t.Action));
        Assert.Equivalent(FullWalk(), later, strict: true);
        Assert.Single(IndexFiles());
    }

    [Fact]
    public async Task A_revision_the_index_holds_already_is_not_added_again_and_still_reads_back()
    {
        using var store = await repo.OpenAsync();
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        await store.TransactAsync(Decide("alice", new LeaseCommand.Done(), null, Now.AddMinutes(1)), CommitSource.Slack);
        await store.HistoryAsync(ClusterName);
        await store.TransactAsync(Decide("bob", new LeaseCommand.Request(), null, Now.AddMinutes(2)), CommitSource.Slack);
        await store.TransactAsync(Decide("bob", new LeaseCommand.Done(), null, Now.AddMinutes(3)), CommitSource.Slack);

        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal(["done", "request", "done", "request"], history.Select(t => t.Action));
        Assert.True(history[0].State.IsFree);
        Assert.True(history[2].State.SameAs(history[0].State));
        Assert.Equivalent(FullWalk(), history, strict: true);
        var free = repo.Git("rev-parse", "main:state/leases/team-rhcos.yaml").Trim();
        Assert.Single(File.ReadLines(Assert.Single(IndexFiles())), line => line.StartsWith($"S\tteam-rhcos\t{free}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrupt_or_foreign_index_is_ignored_and_rebuilt()
    {
        using var store = await repo.OpenAsync();
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        await store.HistoryAsync(ClusterName);
        var index = Assert.Single(IndexFiles());
        var tip = repo.Git("rev-parse", "main").Trim();
        var legacy = Path.ChangeExtension(index, ".json");
        File.WriteAllText(legacy, "{\"format\":2}\n"); // what earlier versions wrote

        // A line that would change the answer, behind a header whose checksum does not match it.
        var forged = $"{{\"format\":4,\"tip\":\"{tip}\",\"sha256\":\"{new string('0', 64)}\"}}\nT\tteam-rhcos\t{tip}\t2026-11-25T06:30:00+00:00\t\\-\t\\-\t\\-\t\\-\tforged\n";
        foreach (var junk in new[] { "{not json", "{\"Version\":99,\"Tip\":\"x\",\"Transitions\":[]}", "{\"Version\":1,\"Tip\":\"0123\",\"Transitions\":[]}", forged })
        {
            File.WriteAllText(index, junk);

            var history = await store.HistoryAsync(ClusterName);

            Assert.Equal("lease: @alice took team-rhcos (read-write)", Assert.Single(history).Subject);
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(Path.GetDirectoryName(index)!), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.False(File.Exists(legacy));
    }

    [Fact]
    public async Task A_revision_a_human_broke_is_shown_as_unreadable_and_the_history_goes_on()
    {
        using var store = await repo.OpenAsync();
        await store.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        var human = repo.CloneForHuman();
        File.WriteAllText(Path.Combine(human, "state", "leases", "team-rhcos.yaml"), "cluster: team-rhcos\nholders: [\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "leases: fix by hand");
        var broken = GitCli.Run(human, "rev-parse", "HEAD").Trim();
        GitCli.Run(human, "revert", "--no-edit", "HEAD");
        GitCli.Run(human, "push", "--quiet");
        await store.TransactAsync(Decide("alice", new LeaseCommand.Done(), null, Now.AddMinutes(1)), CommitSource.Slack);

        var history = await store.HistoryAsync(ClusterName);

        Assert.Equal(
            ["lease: @alice released team-rhcos", "Revert \"leases: fix by hand\"", "leases: fix by hand", "lease: @alice took team-rhcos (read-write)"],
            history.Select(t => t.Subject));
        Assert.Equal(broken, history[2].CommitId);
        Assert.Equal(
            [null, null, "state/leases/team-rhcos.yaml:3:1: While parsing a node, did not find expected node content.", null],
            history.Select(t => t.Unreadable));
        Assert.Equal("alice", Assert.Single(history[1].State.Holders).User);
        Assert.True(history[0].State.IsFree);
        Assert.Equivalent(FullWalk(), history, strict: true);
    }

    [Fact]
    public async Task A_subject_with_tabs_and_backslashes_and_an_empty_trailer_reads_back_exactly_from_the_index()
    {
        var options = repo.Options();
        using (var first = await GitStateStore.OpenAsync(options))
        {
            await first.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        }

        var human = repo.CloneForHuman();
        File.WriteAllText(Path.Combine(human, "state", "leases", "team-rhcos.yaml"), "cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n");
        const string subject = "leases:\tfree it \\- by hand \\t \\n \\";
        GitCli.Run(human, "commit", "--quiet", "-am", subject + "\n\nActor:\nAction: reset");
        // Recommitted under the bot's address, so that its trailers are believed: this test is about their encoding.
        var commit = GitCli.Run(human, "cat-file", "commit", "HEAD").Replace("<human@example.com>", $"<{options.BotEmail}>", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(human, "commit.txt"), commit);
        GitCli.Run(human, "update-ref", "HEAD", GitCli.Run(human, "hash-object", "-t", "commit", "-w", "commit.txt").Trim());
        GitCli.Run(human, "push", "--quiet");

        IReadOnlyList<LeaseTransition> built, read;
        using (var store = await GitStateStore.OpenAsync(options))
        {
            built = await store.HistoryAsync(ClusterName);
        }

        using (var again = await GitStateStore.OpenAsync(options))
        {
            read = await again.HistoryAsync(ClusterName); // a new store: every line comes from the file
        }

        Assert.Equal([subject, "lease: @alice took team-rhcos (read-write)"], read.Select(t => t.Subject));
        Assert.Equal(("", "reset", null), (read[0].Actor, read[0].Action, read[0].Source));
        Assert.True(read[0].State.IsFree);
        Assert.Equivalent(built, read, strict: true);
        Assert.Equivalent(FullWalk(), read, strict: true);
    }

    [Fact]
    public async Task Trailers_a_human_wrote_in_a_commit_of_their_own_are_not_believed()
    {
        var options = repo.Options();
        using (var first = await GitStateStore.OpenAsync(options))
        {
            await first.TransactAsync(Decide("alice", new LeaseCommand.Request()), CommitSource.Slack);
        }

        var human = repo.CloneForHuman();
        File.WriteAllText(Path.Combine(human, "state", "leases", "team-rhcos.yaml"), "cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n");
        GitCli.Run(human, "commit", "--quiet", "-am", "lease: @alice released team-rhcos\n\nCluster: team-rhcos\nActor: alice\nAction: done\nSource: slack");
        GitCli.Run(human, "push", "--quiet");

        using var store = await GitStateStore.OpenAsync(options);
        var read = await store.HistoryAsync(ClusterName);

        Assert.Equal(("lease: @alice released team-rhcos", null, null, null), (read[0].Subject, read[0].Actor, read[0].Action, read[0].Source));
        Assert.Equal(("alice", "request", "slack"), (read[1].Actor, read[1].Action, read[1].Source));
    }

    /// <summary>The same question answered without the index.</summary>
    private IReadOnlyList<LeaseTransition> FullWalk()
    {
        using var cache = new LibGit2Sharp.Repository(repo.Temp.Combine("cache1"));
        var tip = cache.Refs["refs/remotes/origin/main"]!.ResolveToDirectReference().Target.Id;
        var history = new Git.History.LeaseHistory(cache);
        var transitions = new List<LeaseTransition>();
        Git.History.LeaseLog.Read(cache.Info.Path, tip, since: null, repo.Options().BotEmail, c =>
        {
            if (c.Cluster == ClusterName)
            {
                transitions.Add(history.Transition(c));
            }
        }, default);
        return transitions;
    }

    private IEnumerable<string> IndexFiles() =>
        Directory.EnumerateFiles(repo.Temp.Combine("cache1"), "*.index", SearchOption.AllDirectories); // the first store of the test
}
