using TeamClusterSync.Core.Diagnostics;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary>One test per rule: the base repo with one file broken, and the exact error it must produce.</summary>
public sealed class ValidationRuleTests
{
    private const string ClusterHead = "name: c\nteam: a\nversion: \"4.6\"\nconsoleUrl: https://c.example.com/\n";

    [Fact]
    public void Base_repo_is_valid()
    {
        using var repo = new RepoFixture();
        Assert.Empty(repo.Load().Diagnostics);
    }

    [Fact]
    public void Unknown_key_names_the_allowed_keys()
    {
        AssertErrors("teams/a.yaml", "name: a\nmembers: [alice]\nslack:\n  channel: x\n  usergroups: y\n",
            new Diagnostic("teams/a.yaml", 5, 3, "unknown key 'usergroups' in 'slack'; allowed keys: usergroup, channel"));
    }

    [Fact]
    public void Wrong_type()
    {
        AssertErrors("teams/a.yaml", "name: a\nmembers: alice\n",
            new Diagnostic("teams/a.yaml", 2, 10, "'members' must be a list, found 'alice'"));
    }

    [Fact]
    public void Mapping_where_text_belongs()
    {
        AssertErrors("clusters/c.yaml", "name: c\nteam: a\nversion:\n  major: 4\nconsoleUrl: https://c.example.com/\nprovider:\n  type: simulated\n",
            new Diagnostic("clusters/c.yaml", 4, 3, "'version' must be text, found a mapping"));
    }

    [Fact]
    public void Missing_required_key_is_reported_at_its_parent()
    {
        AssertErrors("clusters/c.yaml", "name: c\nteam: a\nconsoleUrl: https://c.example.com/\nprovider:\n  hive: {namespace: n, clusterPool: p}\n",
            new Diagnostic("clusters/c.yaml", 1, 1, "missing required key 'version'"),
            new Diagnostic("clusters/c.yaml", 5, 3, "missing required key 'provider.type'"));
    }

    [Fact]
    public void Required_key_without_a_value()
    {
        AssertErrors("clusters/c.yaml", "name: c\nteam:\nversion: \"4.6\"\nconsoleUrl: https://c.example.com/\nprovider:\n  type: simulated\n",
            new Diagnostic("clusters/c.yaml", 2, 6, "'team' needs a value"));
    }

    [Fact]
    public void Bad_duration()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nlease:\n  maxDuration: 8 hours\n",
            new Diagnostic("clusters/c.yaml", 8, 16, "'lease.maxDuration' is not a duration: '8 hours'; write a number and a unit, e.g. 90m, 8h, 2d"));
    }

    [Fact]
    public void Bad_cron()
    {
        AssertErrors("teamclustersync.yaml", "defaults:\n  reprovision:\n    cron: 0 0 25 ? * SUN\n",
            new Diagnostic("teamclustersync.yaml", 3, 11, "'defaults.reprovision.cron' is not a Quartz cron expression (Hour values must be between 0 and 23); e.g. '0 0 6 ? * MON' is Mondays at 06:00"));
    }

    [Fact]
    public void Unknown_time_zone()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nreprovision:\n  cron: 0 0 6 ? * SUN\n  timeZone: Europe/Berln\n",
            new Diagnostic("clusters/c.yaml", 9, 13, "'reprovision.timeZone' is not a known IANA time zone: 'Europe/Berln'; e.g. UTC, Europe/Berlin, America/New_York"));
    }

    [Fact]
    public void Cluster_reprovision_needs_a_cron_when_there_is_no_default()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nreprovision:\n  whenLeased: defer\n",
            new Diagnostic("clusters/c.yaml", 8, 3, "missing required key 'reprovision.cron'"));
    }

    [Fact]
    public void Name_differs_from_file_name()
    {
        AssertErrors("teams/a.yaml", "name: b\nmembers: [alice]\n",
            new Diagnostic("teams/a.yaml", 1, 7, "name 'b' does not match the file name 'a.yaml'; rename the file to 'b.yaml' or fix the name"));
    }

    [Fact]
    public void Name_that_is_not_a_dns_label()
    {
        AssertErrors("teams/A_1.yaml", "name: A_1\n",
            new Diagnostic("teams/A_1.yaml", 1, 7, "name 'A_1' must be lower-case letters, digits and '-' (at most 63, starting and ending with a letter or digit)"));
    }

    [Fact]
    public void Cluster_of_a_team_that_does_not_exist()
    {
        AssertErrors("clusters/c.yaml", "name: c\nteam: nope\nversion: \"4.6\"\nconsoleUrl: https://c.example.com/\nprovider:\n  type: simulated\n",
            new Diagnostic("clusters/c.yaml", 2, 7, "team 'nope' does not exist; define it in teams/nope.yaml"));
    }

    [Fact]
    public void Duplicate_names()
    {
        // Only two files of one folder can share a name: both claim "a", and only a.yaml by its own file name.
        AssertErrors("teams/b.yaml", "name: a\n",
            new Diagnostic("teams/b.yaml", 1, 7, "name 'a' does not match the file name 'b.yaml'; rename the file to 'a.yaml' or fix the name"),
            new Diagnostic("teams/b.yaml", 1, 7, "duplicate team name 'a' (also teams/a.yaml:1)"));
    }

    [Fact]
    public void Duplicate_key_in_a_mapping()
    {
        AssertErrors("teams/a.yaml", "name: a\nmembers: [alice]\nmembers: [bob]\n",
            new Diagnostic("teams/a.yaml", 3, 1, "duplicate key 'members' (first set on line 2)"));
    }

    [Fact]
    public void Login_twice_in_people()
    {
        AssertErrors("people.yaml", "- github: alice\n  slack: U1\n- github: Alice\n  email: alice@example.com\n",
            new Diagnostic("people.yaml", 3, 11, "GitHub login 'Alice' is listed twice (first on line 1)"));
    }

    [Fact]
    public void Person_without_slack_or_email()
    {
        AssertErrors("people.yaml", "- github: alice\n",
            new Diagnostic("people.yaml", 1, 3, "'people[0]' needs 'slack' (a Slack user id) or 'email' to find the person in Slack"));
    }

    [Fact]
    public void Login_with_an_at_sign()
    {
        AssertErrors("teams/a.yaml", "name: a\nadmins:\n  - alice\n  - '@bob'\n",
            new Diagnostic("teams/a.yaml", 4, 5, "'admins[1]' is not a GitHub login: '@bob'; write it without '@'"));
    }

    [Fact]
    public void Provider_block_of_another_type()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\n  hive:\n    namespace: n\n    clusterPool: p\n",
            new Diagnostic("clusters/c.yaml", 7, 3, "'provider.hive' does not belong to provider type 'simulated'; remove it or set type: hive"));
    }

    [Fact]
    public void Provider_type_without_its_block()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: command\n",
            new Diagnostic("clusters/c.yaml", 6, 3, "missing required key 'provider.command'"));
    }

    [Fact]
    public void Unknown_provider_type()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: aws\n",
            new Diagnostic("clusters/c.yaml", 6, 9, "'provider.type' must be one of simulated, command, hive, found 'aws'"));
    }

    [Fact]
    public void Hive_provider_is_read_whole()
    {
        using var repo = new RepoFixture().Write("clusters/c.yaml", ClusterHead + "provider:\n  type: hive\n  hive:\n    namespace: hive\n");
        repo.AssertErrors(new Diagnostic("clusters/c.yaml", 8, 5, "missing required key 'provider.hive.clusterPool'"));
    }

    [Fact]
    public void Console_url_that_is_not_absolute_http()
    {
        AssertErrors("clusters/c.yaml", "name: c\nteam: a\nversion: \"4.6\"\nconsoleUrl: ftp://c.example.com/\nprovider:\n  type: simulated\n",
            new Diagnostic("clusters/c.yaml", 4, 13, "'consoleUrl' must be an absolute http(s) URL, found 'ftp://c.example.com/'"));
    }

    [Fact]
    public void Bad_enum_value()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nreprovision:\n  cron: 0 0 6 ? * SUN\n  whenLeased: later\n",
            new Diagnostic("clusters/c.yaml", 9, 15, "'reprovision.whenLeased' must be one of defer, force, found 'later'"));
    }

    [Fact]
    public void Yes_is_not_a_boolean()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nlease:\n  allowReadOnly: yes\n",
            new Diagnostic("clusters/c.yaml", 8, 18, "'lease.allowReadOnly' must be true or false, found 'yes'"));
    }

    [Fact]
    public void Number_out_of_range()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nlease:\n  maxHolders: 0\n",
            new Diagnostic("clusters/c.yaml", 8, 15, "'lease.maxHolders' must be a whole number from 1 to 100, found '0'"));
    }

    [Fact]
    public void Top_of_file_that_is_not_a_mapping()
    {
        AssertErrors("teams/a.yaml", "- name: a\n",
            new Diagnostic("teams/a.yaml", 1, 1, "expected a mapping with the keys name, github, slack, admins, members at the top of the file, found a list"));
    }

    [Fact]
    public void Empty_file_has_no_keys()
    {
        AssertErrors("teams/a.yaml", "",
            new Diagnostic("teams/a.yaml", 1, 1, "missing required key 'name'"));
    }

    [Fact]
    public void Empty_settings_and_people_are_fine()
    {
        using var repo = new RepoFixture().Write("teamclustersync.yaml", "# nothing yet\n").Write("people.yaml", "");
        Assert.True(repo.Load().IsValid);
    }

    [Fact]
    public void Missing_settings_file()
    {
        using var repo = new RepoFixture().Delete("teamclustersync.yaml");
        repo.AssertErrors(new Diagnostic("teamclustersync.yaml", 1, 1, "file not found; a config repo has teamclustersync.yaml at its root (it may be empty)"));
    }

    [Fact]
    public void Yml_file_is_reported_not_skipped()
    {
        AssertErrors("teams/b.yml", "name: b\n",
            new Diagnostic("teams/b.yml", 1, 1, "file is not read: files in teams/ must end in .yaml"));
    }

    [Fact]
    public void Second_document_in_a_file()
    {
        AssertErrors("teams/a.yaml", "name: a\n---\nname: b\n",
            new Diagnostic("teams/a.yaml", 2, 1, "only one YAML document per file is read; remove this second document ('---')"));
    }

    [Fact]
    public void Not_yaml_gets_the_parser_position()
    {
        AssertErrors("teams/a.yaml", "name: a\nmembers: [alice\n",
            new Diagnostic("teams/a.yaml", 3, 1, "not valid YAML: while parsing a flow sequence, did not find expected ',' or ']'"));
    }

    [Fact]
    public void Invalid_utf8_points_at_the_bad_byte()
    {
        using var repo = new RepoFixture().Write("teams/a.yaml", [.. "name: a\nmembers: [al"u8, 0xC3, 0x28, .. "]\n"u8]);
        repo.AssertErrors(
            new Diagnostic("teams/a.yaml", 2, 13, "file is not valid UTF-8 text (bad byte 0xC3 at offset 20)"));
    }

    [Fact]
    public void Anchors_and_aliases_are_unsupported()
    {
        AssertErrors("teams/a.yaml", "name: a\nadmins: &people [alice]\nmembers: *people\n",
            new Diagnostic("teams/a.yaml", 2, 9, "anchors and aliases are not supported (&people); write the value out in full"),
            new Diagnostic("teams/a.yaml", 3, 10, "anchors and aliases are not supported (*people); write the value out in full"));
    }
}
