
namespace TeamClusterSync.Config.Tests;

public sealed class AllErrorsTests
{
    [Fact]
    public void Every_error_of_the_repo_is_reported_in_one_run_ordered_by_path_and_position()
    {
        using var repo = new RepoFixture()
            .Write("people.yaml", "- github: alice\n  slack: U1\n- github: alice\n  slack: U2\n")
            .Write("teams/b.yaml", "name: b\nmembers: [bob\n")
            .Write("teams/a.yaml", "name: a\ncolour: red\nmembers: [alice]\n")
            .Write("clusters/d.yaml", "name: d\nteam: zzz\nversion: \"4.7\"\nconsoleUrl: https://d.example.com/\nprovider:\n  type: simulated\nlease:\n  maxHolders: many\n  maxDuration: forever\n")
            .Write("teamclustersync.yaml", "defaults:\n  lease:\n    reminderBefore: soon\n");

        var result = repo.Load();

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "clusters/d.yaml:2:7: error: team 'zzz' does not exist; define it in teams/zzz.yaml",
                "clusters/d.yaml:8:15: error: 'lease.maxHolders' must be a whole number from 1 to 100, found 'many'",
                "clusters/d.yaml:9:16: error: 'lease.maxDuration' is not a duration: 'forever'; write a number and a unit, e.g. 90m, 8h, 2d",
                "people.yaml:3:11: error: GitHub login 'alice' is listed twice (first on line 1)",
                "teamclustersync.yaml:3:21: error: 'defaults.lease.reminderBefore' is not a duration: 'soon'; write a number and a unit, e.g. 90m, 8h, 2d",
                "teams/a.yaml:2:1: error: unknown key 'colour'; allowed keys: name, github, slack, admins, members",
                "teams/b.yaml:3:1: error: not valid YAML: while parsing a flow sequence, did not find expected ',' or ']'",
            ],
            result.Diagnostics.Select(d => d.ToString()));
    }
}
