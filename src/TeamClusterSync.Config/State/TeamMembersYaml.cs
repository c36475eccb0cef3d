using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Sync;
using YamlDotNet.Core;

namespace TeamClusterSync.Config.State;

/// <summary>
/// Reads and writes <c>state/sync/&lt;team&gt;.yaml</c>: the GitHub team's members as the last sync saw them. No
/// timestamp inside, so a sync that finds nothing new commits nothing and <c>git log</c> shows only real changes.
/// </summary>
public static class TeamMembersYaml
{
    public static string PathOf(string team) => $"state/sync/{team}.yaml";

    public static string Write(TeamMembers members) =>
        StateYaml.Serializer.Serialize(new Document
        {
            Team = members.Team,
            GithubTeam = members.GitHubTeam,
            Members = [.. members.Logins.Order(StringComparer.OrdinalIgnoreCase)],
        }).ReplaceLineEndings("\n");

    /// <summary>A malformed file throws <see cref="FormatException"/> naming it.</summary>
    public static TeamMembers Read(string team, string yaml)
    {
        try
        {
            var document = StateYaml.Deserializer.Deserialize<Document?>(yaml) ?? throw new FormatException("the file is empty");
            if (document.Team != team)
            {
                throw new FormatException($"it is about team '{document.Team}'");
            }

            // An empty item (`- `) reads as null: not a login either.
            return (document.Members ?? []).Select(m => m ?? "").FirstOrDefault(m => !Person.IsLogin(m)) is { } bad
                ? throw new FormatException($"member '{bad}' is not a GitHub login")
                : new TeamMembers(team, document.GithubTeam ?? "", document.Members ?? []);
        }
        catch (Exception e) when (e is YamlException or FormatException)
        {
            throw new FormatException($"{PathOf(team)}: {e.Message}", e);
        }
    }

    private sealed class Document
    {
        public string Team { get; set; } = "";

        public string? GithubTeam { get; set; }

        public List<string>? Members { get; set; }
    }
}
