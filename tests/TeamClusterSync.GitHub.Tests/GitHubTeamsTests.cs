using TeamClusterSync.App.Ports;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.GitHub;

namespace TeamClusterSync.GitHub.Tests;

/// <summary>Octokit over loopback against a stand-in that answers as GitHub does (ETags, 304s, rate-limit headers, Link pages).</summary>
public sealed class GitHubTeamsTests : IAsyncLifetime
{
    private const string Coreos = "openshift-team-red-hat-coreos";
    private readonly TempDirectory cache = new("tcs-github-cache");
    private GitHubStandIn github = null!;

    public async Task InitializeAsync() => github = await GitHubStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        cache.Dispose();
    }

    [Fact]
    public async Task Reads_every_page_of_a_team_with_the_token()
    {
        github.PageSize = 2;
        github.SetTeam("openshift", Coreos, "cgwalters", "miabbott", "jlebon", "dustymabe", "travier");

        var read = await ReadAsync(Reader("ghp_token123"), Coreos);

        Assert.Equal(["cgwalters", "dustymabe", "jlebon", "miabbott", "travier"], Assert.IsType<TeamRead.Found>(read).Logins.Order(StringComparer.Ordinal));
        Assert.Equal(3, github.Requests.Count);
        Assert.StartsWith($"/orgs/openshift/teams/{Coreos}/members?", github.Requests[0].Path, StringComparison.Ordinal);
        Assert.Contains("role=all", github.Requests[0].Path, StringComparison.Ordinal);
        Assert.All(github.Requests, r => Assert.Equal("Token ghp_token123", r.Authorization));
    }

    [Fact]
    public async Task An_unchanged_team_costs_free_304s_and_still_gives_its_members_even_in_a_new_process()
    {
        github.PageSize = 2;
        github.SetTeam("openshift", Coreos, "cgwalters", "miabbott", "jlebon");
        await ReadAsync(Reader(), Coreos);
        var spent = 5000 - github.Remaining;

        var again = await ReadAsync(Reader(), Coreos);

        var found = Assert.IsType<TeamRead.Found>(again);
        Assert.True(found.Unchanged);
        Assert.Equal(["cgwalters", "jlebon", "miabbott"], found.Logins.Order(StringComparer.Ordinal));
        Assert.Equal([200, 200, 304, 304], github.Requests.Select(r => r.Status));
        Assert.All(github.Requests.Skip(2), r => Assert.NotNull(r.IfNoneMatch));
        Assert.Equal(2, spent);
        Assert.Equal(4998, github.Remaining);
    }

    [Fact]
    public async Task A_change_on_a_later_page_is_seen()
    {
        github.PageSize = 2;
        github.SetTeam("openshift", Coreos, "a", "b", "c");
        var reader = Reader();
        await ReadAsync(reader, Coreos);
        github.SetTeam("openshift", Coreos, "a", "b", "c", "d", "e");

        var read = Assert.IsType<TeamRead.Found>(await ReadAsync(reader, Coreos));

        Assert.False(read.Unchanged);
        Assert.Equal(["a", "b", "c", "d", "e"], read.Logins.Order(StringComparer.Ordinal));
        Assert.Equal([200, 200, 304, 200, 200], github.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task An_unknown_team_is_not_found_not_empty() =>
        Assert.IsType<TeamRead.NotFound>(await ReadAsync(Reader(), "no-such-team"));

    [Fact]
    public async Task A_server_error_surfaces_instead_of_reading_as_no_members()
    {
        github.SetTeam("openshift", "t", "a");
        github.FailNext();

        Assert.Equal(500, Assert.IsType<TeamRead.Failed>(await ReadAsync(Reader(), "t")).Status);
    }

    [Fact]
    public async Task Reading_stops_before_the_budget_runs_out_and_says_when_the_rest_will_be_read()
    {
        foreach (var slug in new[] { "t1", "t2", "t3", "t4" })
        {
            github.SetTeam("openshift", slug, "a");
        }

        github.SetBudget(5000, 102);
        var reads = await GitHubTeams.Create("t", github.BaseUrl, new GitHubTeamsOptions(cache.Path) { Concurrency = 1, Reserve = 100 })
            .ReadTeamsAsync("openshift", ["t1", "t2", "t3", "t4"], default);

        Assert.IsType<TeamRead.Found>(reads["t1"]);
        Assert.IsType<TeamRead.Found>(reads["t2"]);
        var notRead = Assert.IsType<TeamRead.NotRead>(reads["t3"]);
        Assert.Equal(github.Reset, notRead.ResumeAt);
        Assert.Equal("GitHub's rate limit is nearly spent (100 requests left)", notRead.Reason);
        Assert.IsType<TeamRead.NotRead>(reads["t4"]);
        Assert.Equal(2, github.Requests.Count);
    }

    [Fact]
    public async Task A_spent_budget_leaves_the_team_not_read_until_the_reset()
    {
        github.SetTeam("openshift", "t1", "a");
        github.SetBudget(5000, 0);

        var notRead = Assert.IsType<TeamRead.NotRead>(await ReadAsync(Reader(), "t1"));

        Assert.Equal(github.Reset, notRead.ResumeAt);
        Assert.Equal("GitHub's rate limit is spent", notRead.Reason);
    }

    [Fact]
    public async Task A_secondary_limit_is_honoured_with_its_retry_after()
    {
        github.SetTeam("openshift", "t1", "a");
        github.SetTeam("openshift", "t2", "b");
        github.SecondaryLimitNext();

        var reads = await GitHubTeams.Create("t", github.BaseUrl, new GitHubTeamsOptions(cache.Path) { Concurrency = 1 })
            .ReadTeamsAsync("openshift", ["t1", "t2"], default);

        Assert.Equal("GitHub asked to slow down (secondary rate limit)", Assert.IsType<TeamRead.NotRead>(reads["t1"]).Reason);
        Assert.IsType<TeamRead.NotRead>(reads["t2"]);
        Assert.Single(github.Requests);
    }

    [Fact]
    public async Task An_unreachable_github_fails_every_team_after_one_try()
    {
        var closed = new Uri("http://127.0.0.1:9/");

        var reads = await GitHubTeams.Create("t", closed, new GitHubTeamsOptions(cache.Path) { Concurrency = 1 })
            .ReadTeamsAsync("openshift", ["t1", "t2"], default);

        var failed = Assert.IsType<TeamRead.Failed>(reads["t1"]);
        Assert.Null(failed.Status);
        Assert.StartsWith("GitHub could not be reached: Connection refused", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(failed, reads["t2"]);
    }

    private GitHubTeams Reader(string token = "t") => GitHubTeams.Create(token, github.BaseUrl, new GitHubTeamsOptions(cache.Path));

    private static async Task<TeamRead> ReadAsync(GitHubTeams reader, string slug) =>
        (await reader.ReadTeamsAsync("openshift", [slug], default))[slug];
}
