using System.Text.RegularExpressions;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Chat;

/// <summary>
/// The line in the terminal, one <c>teamclustersync chat</c> process per message against a real bare origin whose
/// team-rhcos offers a freed cluster for 2 seconds and lets a ping wait 2 seconds (<c>lease.offerWindow</c>,
/// <c>lease.pingTimeout</c>), on a manual clock that the test moves past the windows: two people wait, the first is offered the cluster, the second is turned away, the offer moves on;
/// then someone gets in line and out again.
/// </summary>
public sealed partial class LineTranscriptTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-line");

    /// <summary>Every process's clock: the windows pass when the test says, however slow the machine.</summary>
    private readonly ManualClock clock = new();

    public LineTranscriptTests()
    {
        var seed = temp.Combine("seed");
        GitCli.CopyDirectory(RepoRoot.ExampleConfig, seed);
        File.AppendAllText(Path.Combine(seed, "clusters", "team-rhcos.yaml"), "  offerWindow: 2s\n  pingTimeout: 2s\n");
        GitCli.CreateOrigin(Origin, seed);
    }

    private string Origin => temp.Combine("origin.git");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Two_wait_the_first_is_offered_it_the_second_is_turned_away_and_after_the_window_the_offer_moves_on()
    {
        var transcript = await ReplayAsync(
            ("miabbott", "teamcluster request"),
            ("cgwalters", "teamcluster request"),
            ("cgwalters", "teamcluster wait"),
            ("jlebon", "teamcluster wait"),
            ("jlebon", "teamcluster status"),
            ("miabbott", "teamcluster done"),
            ("jlebon", "teamcluster request"));
        clock.Advance(TimeSpan.FromSeconds(2.5)); // past the offer window
        transcript += "\n" + await ReplayAsync(
            ("jlebon", "teamcluster request"),
            ("cgwalters", "teamcluster wait"),
            ("cgwalters", "teamcluster leave"),
            ("cgwalters", "teamcluster leave"));

        Approvals.Verify(transcript, "line-transcript", "txt");
        var log = Times().Replace(GitCli.Run(Origin, "log", "--reverse", "--format=%s", "main"), "<time>");
        Assert.Contains(
            """
            lease: @cgwalters is offered team-rhcos until <time>; @miabbott released team-rhcos
            cluster: team-rhcos checked clean after @miabbott's release
            lease: @cgwalters did not take team-rhcos in time and left the line; @jlebon is offered team-rhcos until <time>; @jlebon took team-rhcos (read-write)
            lease: @cgwalters joined the line for team-rhcos (place 1)
            lease: @cgwalters left the line for team-rhcos
            """,
            log,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ping_nobody_answers_is_told_at_the_next_command_on_the_cluster_and_the_holder_reminded()
    {
        await ReplayAsync(("miabbott", "teamcluster request"), ("cgwalters", "teamcluster ping"));
        clock.Advance(TimeSpan.FromSeconds(2.5)); // past the ping timeout

        var transcript = await ReplayAsync(("jlebon", "teamcluster request ro"));

        Assert.StartsWith(
            """
            <jlebon> teamcluster request ro
            to @cgwalters:
            @miabbott did not answer your request for team-rhcos within 2s; I reminded them, and your request stays open. `teamcluster wait` puts you in line for when the cluster is free

            to @miabbott:
            reminder: user @cgwalters asked for access to team-rhcos 2s ago and is still waiting; reply "yes" to grant, "no <reason>" to indicate refusal

            to @jlebon:
            cluster https://console.team-redhat-coreos.devcluster.openshift.com/ is in use by @miabbott
            """,
            transcript,
            StringComparison.Ordinal);
    }

    private async Task<string> ReplayAsync(params (string Login, string Text)[] conversation)
    {
        var transcript = new List<string>();
        foreach (var (login, message) in conversation)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CliApp.RunAsync(["chat", "--repo", Origin, "--as", login, "--", message], stdout, stderr, new StringReader(""), CliEnvironment.WithCache(temp.Combine("cache")), clock);
            Assert.True(code == 0, stderr.ToString());
            transcript.Add($"<{login}> {message}\n{Times().Replace(stdout.ToString(), "<time>")}");
        }

        return string.Join("\n", transcript);
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial Regex Times();
}
