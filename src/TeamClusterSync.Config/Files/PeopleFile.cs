using System.Globalization;
using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config.Files;

/// <summary><c>people.yaml</c>: a list of <c>{github, slack?, email?}</c>; each login once.</summary>
internal static class PeopleFile
{
    public const string Path = "people.yaml";

    public static List<Person> Read(FileContext file, YamlNode root)
    {
        var people = new List<Person>();
        if (root is { Kind: YamlNodeKind.Scalar, IsNull: true })
        {
            return people;
        }

        if (root.Kind != YamlNodeKind.Sequence)
        {
            file.Error(root, $"expected a list of people ('- github: LOGIN') at the top of the file, found {root.Describe()}");
            return people;
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < root.Items.Count; i++)
        {
            if (ReadPerson(file, root.Items[i], $"people[{i.ToString(CultureInfo.InvariantCulture)}]") is not var (person, loginNode))
            {
                continue;
            }

            if (seen.TryGetValue(person.GitHub, out var first))
            {
                file.Error(loginNode, $"GitHub login '{person.GitHub}' is listed twice (first on line {first.Line.ToString(CultureInfo.InvariantCulture)})");
                continue;
            }

            seen[person.GitHub] = loginNode;
            people.Add(person);
        }

        return people;
    }

    private static (Person, YamlNode)? ReadPerson(FileContext file, YamlNode node, string path)
    {
        if (node.Kind == YamlNodeKind.Alias)
        {
            return null;
        }

        if (node.Kind != YamlNodeKind.Mapping)
        {
            file.Error(node, $"'{path}' must be a mapping with the keys github, slack, email, found {node.Describe()}");
            return null;
        }

        var map = YamlMap.Open(file, node, path, ["github", "slack", "email"]);
        var login = map.String("github", true, out var loginNode);
        var slack = map.String("slack");
        var email = map.String("email");
        if (slack is null && email is null && map.KeyNode("slack") is null && map.KeyNode("email") is null)
        {
            file.Error(node, $"'{path}' needs 'slack' (a Slack user id) or 'email' to find the person in Slack");
        }

        if (login is null || !ValueChecks.IsLogin(map, loginNode!, login, map.Name("github")))
        {
            return null;
        }

        return (new Person(login, slack, email), loginNode!);
    }
}
