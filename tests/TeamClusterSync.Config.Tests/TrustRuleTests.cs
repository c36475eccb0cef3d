using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Diagnostics;

namespace TeamClusterSync.Config.Tests;

/// <summary>What a config or state file may say about who a person is and what a provider script may see.</summary>
public sealed class TrustRuleTests
{
    private const string ClusterHead = "name: c\nteam: a\nversion: \"4.6\"\nconsoleUrl: https://c.example.com/\n";

    [Fact]
    public void A_slack_id_on_two_people_is_refused_at_the_second()
    {
        AssertErrors("people.yaml", "- github: alice\n  slack: U0ALICE\n- github: mallory\n  slack: U0ALICE\n",
            new Diagnostic("people.yaml", 4, 10, "Slack id 'U0ALICE' is already alice's (line 2); one Slack account is one person"));
    }

    [Fact]
    public void An_email_on_two_people_is_refused_whatever_its_case()
    {
        AssertErrors("people.yaml", "- github: alice\n  email: alice@example.com\n- github: mallory\n  slack: U0MAL\n  email: Alice@Example.com\n",
            new Diagnostic("people.yaml", 5, 10, "email 'Alice@Example.com' is already alice's (line 2); one Slack account is one person"));
    }

    [Fact]
    public void Provider_command_env_takes_plain_names_and_refuses_the_bots_secrets()
    {
        AssertErrors("clusters/c.yaml",
            ClusterHead + "provider:\n  type: command\n  command:\n    create: c\n    destroy: d\n    kubeconfig: k\n    revoke: r\n"
            + "    env: [AWS_PROFILE, SLACK_BOT_TOKEN, TEAMCLUSTERSYNC_GIT_TOKEN, PATH, TEAMCLUSTER_USER, 1BAD]\n",
            new Diagnostic("clusters/c.yaml", 12, 24, "'provider.command.env' entry 'SLACK_BOT_TOKEN' is one of the bot's own secrets, which provider commands never see"),
            new Diagnostic("clusters/c.yaml", 12, 41, "'provider.command.env' entry 'TEAMCLUSTERSYNC_GIT_TOKEN' is one of the bot's own secrets, which provider commands never see"),
            new Diagnostic("clusters/c.yaml", 12, 68, "'provider.command.env' entry 'PATH' is always passed; remove it"),
            new Diagnostic("clusters/c.yaml", 12, 74, "'provider.command.env' entry 'TEAMCLUSTER_USER' is always passed; remove it"),
            new Diagnostic("clusters/c.yaml", 12, 92, "'provider.command.env' entry '1BAD' is not an environment variable name (letters, digits and '_', not starting with a digit)"));
    }

    [Fact]
    public void Provider_command_revoke_and_env_are_read()
    {
        using var repo = new RepoFixture();
        repo.Write("clusters/c.yaml", ClusterHead + "provider:\n  type: command\n  command:\n    create: c\n    destroy: d\n    kubeconfig: k\n    revoke: ./revoke.sh\n    env: [AWS_PROFILE]\n");

        var command = repo.Load().Config!.FindCluster("c")!.Provider.Command!;

        Assert.Equal("./revoke.sh", command.Revoke);
        Assert.Equal(["AWS_PROFILE"], command.Environment);
    }

    [Theory]
    [InlineData("holders:\n  - user: \"<!channel>\"\n    mode: read-write\n    since: 2026-11-25T06:30:00Z\n    expires: 2026-11-25T14:30:00Z\nreaders: []\npending: []\n",
        "state/leases/c.yaml: 'holders[0].user' is '<!channel>', which is not a GitHub login")]
    [InlineData("holders: []\nreaders: []\npending: []\nline:\n  - user: bob\\u001b[2J\n    since: 2026-11-25T06:30:00Z\n",
        "state/leases/c.yaml: 'line[0].user' is 'bob\\u001b[2J', which is not a GitHub login")]
    public void A_login_in_a_lease_file_must_be_a_login(string body, string message)
    {
        var e = Assert.Throws<FormatException>(() => LeaseStateYaml.Read("c", "cluster: c\n" + body));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_login_in_a_cluster_record_must_be_a_login()
    {
        var e = Assert.Throws<FormatException>(() => ClusterRecordYaml.Read("c", "cluster: c\ngeneration: 1\nprovisionedAt: 2026-11-25T09:00:00Z\n"
            + "lastRelease:\n  outcome: dirty\n  problems: x\n  at: 2026-11-25T10:00:00Z\n  by: <@U0ADMIN>\n"));

        Assert.Equal("state/clusters/c.yaml: 'lastRelease.by' is '<@U0ADMIN>', which is not a GitHub login", e.Message);
    }

    [Fact]
    public void A_login_in_a_sync_file_must_be_a_login()
    {
        var e = Assert.Throws<FormatException>(() => TeamMembersYaml.Read("a", "team: a\ngithubTeam: t\nmembers:\n  - alice\n  - '@here'\n"));

        Assert.Equal("state/sync/a.yaml: member '@here' is not a GitHub login", e.Message);
        Assert.Equal(
            "state/sync/a.yaml: member '' is not a GitHub login",
            Assert.Throws<FormatException>(() => TeamMembersYaml.Read("a", "team: a\ngithubTeam: t\nmembers:\n  - alice\n  -\n")).Message);
    }

    private static void AssertErrors(string path, string content, params Diagnostic[] expected) => RepoFixture.AssertErrors(path, content, expected);
}
