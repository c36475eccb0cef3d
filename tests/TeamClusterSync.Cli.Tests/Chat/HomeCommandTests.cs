using System.Text.RegularExpressions;
using TeamClusterSync.Cli.Tests.Hosting;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Chat;

/// <summary>The terminal's <c>home</c>: what the Slack Home tab shows, as text, for a member of both example teams.</summary>
public sealed partial class HomeCommandTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-home");

    public HomeCommandTests()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
        ExampleTeams.JoinBoth(Origin, "miabbott");
    }

    private string Origin => temp.Combine("origin.git");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Home_shows_both_teams_clusters_holders_pings_the_line_and_the_buttons_that_act_for_the_viewer()
    {
        await ChatAsync("miabbott", "teamcluster request team-rhcos");
        await ChatAsync("cgwalters", "teamcluster ping");
        await ChatAsync("jlebon", "teamcluster request ro");
        await ChatAsync("cgwalters", "teamcluster wait");
        await ChatAsync("jlebon", "teamcluster wait");

        var (code, stdout) = await ChatAsync("miabbott", "home");

        Assert.Equal(0, code);
        Assert.Equal(
            """
            to @miabbott:
            home of @miabbott, as of <time>

            machine-config (#team-mco)
              team-mco: OpenShift 4.6, https://console.team-mco.devcluster.openshift.com/
                held by: nobody
                read-only: nobody
                pings: nobody
                in line: nobody
                last provisioned: not yet
                last release: not checked yet
                buttons: [Request: teamcluster request team-mco]  [Read-only: teamcluster request ro team-mco]

            redhat-coreos (#team-rhcos)
              team-rhcos: OpenShift 4.6, https://console.team-redhat-coreos.devcluster.openshift.com/
                held by: @miabbott until <time>
                read-only: @jlebon until <time>
                pings: @cgwalters since <time>
                in line: @cgwalters, @jlebon
                last provisioned: not yet
                last release: not checked yet
                buttons: [Extend: teamcluster extend team-rhcos]  [Done: teamcluster done team-rhcos]


            """,
            stdout);
    }

    [Fact]
    public async Task A_hive_clusters_home_shows_the_running_claims_console_url_and_the_phase_since_when()
    {
        HumanEdit.Commit(
            Origin,
            temp.Combine("work"),
            "state/clusters/team-rhcos.yaml",
            "cluster: team-rhcos\ngeneration: 2\nprovisionedAt: 2026-11-25T09:00:00Z\nphase:\n  name: hibernating\n  since: 2026-11-25T11:00:00Z\n  reason: Hibernating\n"
            + "  message: Cluster is stopped\nconsoleUrl: https://console-openshift-console.apps.ocp-46-00002.hive.example.com\n",
            "a hive cluster's record");

        var (_, stdout) = await ChatAsync("cgwalters", "home");

        Assert.Contains(
            "  team-rhcos: OpenShift 4.6, https://console-openshift-console.apps.ocp-46-00002.hive.example.com\n",
            stdout,
            StringComparison.Ordinal);
        Assert.Contains("    last release: not checked yet\n    phase: hibernating since <time> (Hibernating)\n    buttons: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teamcluster_home_is_the_same_word_and_commits_nothing()
    {
        var before = GitCli.Run(Origin, "rev-parse", "main");

        var (code, stdout) = await ChatAsync("cgwalters", "teamcluster   HOME");

        Assert.Equal(0, code);
        Assert.StartsWith("to @cgwalters:\nhome of @cgwalters, as of <time>\n\nredhat-coreos (#team-rhcos)\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("machine-config", stdout, StringComparison.Ordinal);
        Assert.Equal(before, GitCli.Run(Origin, "rev-parse", "main"));
    }

    private async Task<(int Code, string Stdout)> ChatAsync(string login, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["chat", "--repo", Origin, "--as", login, "--", message], stdout, stderr, new StringReader(""), CliEnvironment.WithCache(temp.Combine("cache")));
        Assert.True(code == 0, stderr.ToString());
        return (code, Times().Replace(stdout.ToString(), "<time>"));
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC")]
    private static partial Regex Times();
}
