using TeamClusterSync.Core.Diagnostics;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary><c>admins:</c> in <c>teamclustersync.yaml</c>: GitHub logins, leads of every team; none by default.</summary>
public sealed class GlobalAdminsTests
{
    [Fact]
    public void Without_admins_there_are_none_and_listed_logins_are_read()
    {
        using var none = new RepoFixture();
        using var two = new RepoFixture().Write("teamclustersync.yaml", Settings + "admins:\n  - alice\n  - bob\n");

        Assert.Empty(none.Load().Config!.Settings.Admins);
        Assert.Equal(["alice", "bob"], two.Load().Config!.Settings.Admins);
    }

    [Fact]
    public void A_login_that_is_no_github_login_and_a_single_word_are_pointed_at()
    {
        AssertErrors("teamclustersync.yaml", Settings + "admins:\n  - \"@alice\"\n",
            new Diagnostic("teamclustersync.yaml", 4, 5, "'admins[0]' is not a GitHub login: '@alice'; write it without '@'"));
        AssertErrors("teamclustersync.yaml", Settings + "admins: alice\n",
            new Diagnostic("teamclustersync.yaml", 3, 9, "'admins' must be a list, found 'alice'"));
    }
}
