using System.Text.Json;
using System.Text.RegularExpressions;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Config.Tests;

public sealed class ExampleConfigTests
{
    private static ConfigRepository LoadExample()
    {
        var result = ConfigLoader.Load(new DirectorySource(RepoRoot.ExampleConfig));
        Assert.Empty(result.Diagnostics);
        Assert.True(result.IsValid);
        return result.Config!;
    }

    [Fact]
    public void Settings_are_read()
    {
        var settings = LoadExample().Settings;
        Assert.Equal(
            new Settings("openshift", "example", new LeaseDefaults(TimeSpan.FromHours(8), TimeSpan.FromMinutes(30)), new Schedule("0 0 6 ? * SUN", "Europe/Berlin"), null),
            settings);
    }

    [Fact]
    public void Teams_are_read_in_file_order()
    {
        var teams = LoadExample().Teams;
        Assert.Equal(["machine-config", "redhat-coreos"], teams.Select(t => t.Name));
        var rhcos = teams[1];
        Assert.Equal("openshift-team-red-hat-coreos", rhcos.GitHubTeam);
        Assert.Equal("team-rhcos", rhcos.SlackUsergroup);
        Assert.Equal("team-rhcos", rhcos.SlackChannel);
        Assert.Equal(["cgwalters"], rhcos.Admins);
        Assert.Equal(["cgwalters", "miabbott", "jlebon"], rhcos.Members);
        Assert.Null(teams[0].GitHubTeam);
        Assert.Equal(["sinnykumari", "yuqi-zhang"], teams[0].Members);
    }

    [Fact]
    public void Cluster_with_every_setting_is_read()
    {
        var cluster = LoadExample().FindCluster("team-rhcos");
        Assert.Equal(
            new Cluster(
                "team-rhcos",
                "redhat-coreos",
                "4.6",
                "https://console.team-redhat-coreos.devcluster.openshift.com/",
                ProviderSpec.Simulated,
                new ReprovisionPolicy(new Schedule("0 0 6 ? * SUN", "Europe/Berlin"), WhenLeased.Defer, TimeSpan.FromDays(2)),
                new LeasePolicy(TimeSpan.FromHours(8), AllowReadOnly: true, MaxHolders: 2)),
            cluster);
    }

    [Fact]
    public void Cluster_takes_missing_values_from_the_defaults()
    {
        var cluster = LoadExample().FindCluster("team-mco")!;
        Assert.Equal("machine-config", cluster.Team);
        Assert.Equal(new ReprovisionPolicy(new Schedule("0 0 6 ? * SUN", "Europe/Berlin"), WhenLeased.Force, null), cluster.Reprovision);
        Assert.Equal(new LeasePolicy(TimeSpan.FromHours(4), AllowReadOnly: true, MaxHolders: 1), cluster.Lease);
    }

    [Fact]
    public void People_map_every_member()
    {
        var config = LoadExample();
        Assert.Equal(new Person("cgwalters", "U01CGWALTERS", "cgwalters@example.com"), config.FindPerson("cgwalters"));
        Assert.All(config.Teams.SelectMany(t => t.AllMembers()), login => Assert.NotNull(config.FindPerson(login)));
        Assert.Equal(5, config.People.Count);
    }

    [Fact]
    public void Schemas_are_json_schema_2020_12()
    {
        var schemas = Directory.GetFiles(Path.Combine(RepoRoot.ExampleConfig, "schemas"), "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["cluster.schema.json", "people.schema.json", "settings.schema.json", "team.schema.json"], schemas.Select(Path.GetFileName));
        foreach (var schema in schemas)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(schema));
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", json.RootElement.GetProperty("$schema").GetString());
        }
    }

    [Fact]
    public void Every_config_file_names_an_existing_schema_on_its_first_line()
    {
        var root = RepoRoot.ExampleConfig;
        var files = new[] { "teamclustersync.yaml", "people.yaml" }
            .Concat(Directory.GetFiles(Path.Combine(root, "teams"), "*.yaml").Select(f => Path.GetRelativePath(root, f)))
            .Concat(Directory.GetFiles(Path.Combine(root, "clusters"), "*.yaml").Select(f => Path.GetRelativePath(root, f)))
            .ToList();
        Assert.Equal(6, files.Count);
        foreach (var file in files)
        {
            var full = Path.Combine(root, file);
            var match = Regex.Match(File.ReadLines(full).First(), @"^# yaml-language-server: \$schema=(\S+)$");
            Assert.True(match.Success, $"{file} does not start with a schema comment");
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(full)!, match.Groups[1].Value)), $"{file} names a missing schema {match.Groups[1].Value}");
        }
    }
}
