using TeamClusterSync.App.Ports;
using TeamClusterSync.Testing.GitHub;

namespace TeamClusterSync.GitHub.Tests;

public sealed class GitHubTeamsTests : IAsyncLifetime
{
    private GitHubStandIn github = null!;

    public async Task InitializeAsync() => github = await GitHubStandIn.StartAsync();

    public async Task DisposeAsync() => await github.DisposeAsync();

    [Fact]
    public async Task Reads_every_page_of_a_team_with_the_token()
    {
        github.PageSize = 2;
        github.SetTeam("openshift", "openshift-team-red-hat-coreos", "cgwalters", "miabbott", "jlebon", "dustymabe", "travier");

        var read = await GitHubTeams.Create("ghp_token123", github.BaseUrl).ReadTeamAsync("openshift", "openshift-team-red-hat-coreos", default);

        Assert.Equal(["cgwalters", "dustymabe", "jlebon", "miabbott", "travier"], Assert.IsType<TeamRead.Found>(read).Logins.Order(StringComparer.Ordinal));
        Assert.Equal(3, github.Requests.Count);
        Assert.StartsWith("/orgs/openshift/teams/openshift-team-red-hat-coreos/members?", github.Requests[0].Path, StringComparison.Ordinal);
        Assert.Contains("role=all", github.Requests[0].Path, StringComparison.Ordinal);
        Assert.All(github.Requests, r => Assert.Equal("Token ghp_token123", r.Authorization));
    }

    [Fact]
    public async Task An_unknown_team_is_not_found_not_empty()
    {
        var read = await GitHubTeams.Create("t", github.BaseUrl).ReadTeamAsync("openshift", "no-such-team", default);

        Assert.IsType<TeamRead.NotFound>(read);
    }

    [Fact]
    public async Task A_server_error_surfaces_instead_of_reading_as_no_members()
    {
        github.SetTeam("openshift", "t", "a");
        github.FailNext();

        var read = await GitHubTeams.Create("t", github.BaseUrl).ReadTeamAsync("openshift", "t", default);

        Assert.Equal(500, Assert.IsType<TeamRead.Failed>(read).Status);
    }
}
