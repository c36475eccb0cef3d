using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config.Files;

/// <summary>A team as read, with the node of its name for the checks across files.</summary>
internal sealed record TeamEntry(Team Team, YamlNode? NameNode);

/// <summary><c>teams/&lt;name&gt;.yaml</c>.</summary>
internal static class TeamFile
{
    public static TeamEntry? Read(FileContext file, YamlNode root)
    {
        if (YamlMap.OpenRoot(file, root, ["name", "github", "slack", "admins", "members"]) is not { } map)
        {
            return null;
        }

        var name = ValueChecks.Name(map);
        var gitHubTeam = map.Map("github", ["team"])?.String("team");
        var slack = map.Map("slack", ["usergroup", "channel"]);
        var team = new Team(
            name ?? "",
            gitHubTeam,
            slack?.String("usergroup"),
            slack?.String("channel")?.TrimStart('#'),
            ValueChecks.Logins(map, "admins"),
            ValueChecks.Logins(map, "members"));
        return new TeamEntry(team, name is null ? null : map.Value("name", false));
    }
}
