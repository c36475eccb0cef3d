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
        var accounts = new Dictionary<string, (string Login, YamlNode Node)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < root.Items.Count; i++)
        {
            if (ReadPerson(file, root.Items[i], $"people[{i.ToString(CultureInfo.InvariantCulture)}]") is not var (person, loginNode, slackNode, emailNode))
            {
                continue;
            }

            if (seen.TryGetValue(person.GitHub, out var first))
            {
                file.Error(loginNode, $"GitHub login '{person.GitHub}' is listed twice (first on line {first.Line.ToString(CultureInfo.InvariantCulture)})");
                continue;
            }

            seen[person.GitHub] = loginNode;
            if (Claimed(file, accounts, person, "Slack id", person.Slack, slackNode) | Claimed(file, accounts, person, "email", person.Email, emailNode))
            {
                continue;
            }

            people.Add(person);
        }

        return people;
    }

    /// <summary>
    /// A Slack account belongs to one person: a Slack id or email on two people would make either of them the other
    /// in chat (the first one silently winning), so the second is refused. True when <paramref name="value"/> is taken.
    /// </summary>
    private static bool Claimed(
        FileContext file, Dictionary<string, (string Login, YamlNode Node)> accounts, Person person, string kind, string? value, YamlNode? node)
    {
        if (value is null || node is null)
        {
            return false;
        }

        if (accounts.TryGetValue($"{kind}:{value}", out var owner))
        {
            file.Error(node, $"{kind} '{value}' is already {owner.Login}'s (line {owner.Node.Line.ToString(CultureInfo.InvariantCulture)}); one Slack account is one person");
            return true;
        }

        accounts[$"{kind}:{value}"] = (person.GitHub, node);
        return false;
    }

    private static (Person Person, YamlNode Login, YamlNode? Slack, YamlNode? Email)? ReadPerson(FileContext file, YamlNode node, string path)
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
        var slack = map.String("slack", false, out var slackNode);
        var email = map.String("email", false, out var emailNode);
        if (slack is null && email is null && map.KeyNode("slack") is null && map.KeyNode("email") is null)
        {
            file.Error(node, $"'{path}' needs 'slack' (a Slack user id) or 'email' to find the person in Slack");
        }

        if (login is null || !ValueChecks.IsLogin(map, loginNode!, login, map.Name("github")))
        {
            return null;
        }

        return (new Person(login, slack, email), loginNode!, slackNode, emailNode);
    }
}
