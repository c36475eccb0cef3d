using TeamClusterSync.Core.Diagnostics;
using TeamClusterSync.Core.Model;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary><c>lease.readOnlyFor</c>: <c>everyone</c> or a list of teams that exist; anything else is pointed at with what to do.</summary>
public sealed class ReadOnlyForTests
{
    [Fact]
    public void Everyone_or_a_list_of_teams_is_read_and_a_cluster_without_it_is_its_team_s_only()
    {
        using var repo = new RepoFixture()
            .Write("teams/b.yaml", "name: b\nmembers: [bob]\n")
            .Write("clusters/d.yaml", RepoFixture.Cluster.Replace("name: c", "name: d", StringComparison.Ordinal) + "lease:\n  readOnlyFor: everyone\n")
            .Write("clusters/e.yaml", RepoFixture.Cluster.Replace("name: c", "name: e", StringComparison.Ordinal) + "lease:\n  readOnlyFor: [b]\n");

        var config = repo.Load().Config!;

        Assert.Null(config.FindCluster("c")!.Lease.ReadOnlyFor);
        Assert.Equal(ReadOnlyFor.All, config.FindCluster("d")!.Lease.ReadOnlyFor);
        Assert.Equal(new ReadOnlyFor(false, ["b"]), config.FindCluster("e")!.Lease.ReadOnlyFor);
    }

    [Fact]
    public void An_unknown_team_is_pointed_at_with_what_to_do()
    {
        AssertErrors("clusters/c.yaml", RepoFixture.Cluster + "lease:\n  readOnlyFor:\n    - a\n    - nosuchteam\n",
            new Diagnostic("clusters/c.yaml", 10, 7, "'lease.readOnlyFor' names team 'nosuchteam', which does not exist; use a team's name from teams/, or everyone"));
    }

    [Fact]
    public void A_word_other_than_everyone_or_a_mapping_is_the_wrong_type()
    {
        AssertErrors("clusters/c.yaml", RepoFixture.Cluster + "lease:\n  readOnlyFor: all\n",
            new Diagnostic("clusters/c.yaml", 8, 16, "'lease.readOnlyFor' must be everyone or a list of team names, e.g. [machine-config], found 'all'"));
        AssertErrors("clusters/c.yaml", RepoFixture.Cluster + "lease:\n  readOnlyFor:\n    team: a\n",
            new Diagnostic("clusters/c.yaml", 9, 5, "'lease.readOnlyFor' must be everyone or a list of team names, e.g. [machine-config], found a mapping"));
    }

    [Fact]
    public void Opening_read_only_access_on_a_cluster_that_allows_none_is_a_contradiction()
    {
        AssertErrors("clusters/c.yaml", RepoFixture.Cluster + "lease:\n  allowReadOnly: false\n  readOnlyFor: everyone\n",
            new Diagnostic("clusters/c.yaml", 9, 16, "'lease.readOnlyFor' opens read-only access beyond the team, but 'lease.allowReadOnly' is false; remove one of them"));
    }
}
