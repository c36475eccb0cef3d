using Octokit;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.GitHub;

/// <summary>
/// Reads GitHub team membership, the source of truth for who is on a team. Octokit 14 has no by-slug members call, so
/// this asks <c>GET /orgs/{org}/teams/{slug}/members?role=all</c> directly, following pagination.
/// </summary>
public sealed class GitHubTeams(IGitHubClient client)
{
    /// <summary>A client for github.com, or for the API at <paramref name="baseAddress"/> (GitHub Enterprise, a stand-in).</summary>
    public static GitHubTeams Create(string token, Uri? baseAddress = null)
    {
        var connection = new Connection(new ProductHeaderValue("teamclustersync"), baseAddress ?? GitHubClient.GitHubApiUrl)
        {
            Credentials = new Credentials(token),
        };
        return new GitHubTeams(new GitHubClient(connection));
    }

    /// <summary>
    /// The GitHub members of every team in <paramref name="config"/> that names a <c>github.team</c>, by team name;
    /// null for a team that could not be read (missing org, unknown team, API failure), with the reason in
    /// <paramref name="problems"/>. Never an empty set standing in for a failure.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>?>> ReadAllAsync(ConfigRepository config, ICollection<string> problems)
    {
        var result = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal);
        foreach (var team in config.Teams.Where(t => t.GitHubTeam is not null))
        {
            var org = config.Settings.GitHubOrg;
            try
            {
                result[team.Name] = org is null ? null : await MembersAsync(org, team.GitHubTeam!);
                if (result[team.Name] is null)
                {
                    problems.Add(org is null
                        ? $"team {team.Name}: github.team is set but teamclustersync.yaml has no github.org"
                        : $"team {team.Name}: GitHub team {org}/{team.GitHubTeam} does not exist or the token cannot see it");
                }
            }
            catch (ApiException e)
            {
                result[team.Name] = null;
                problems.Add($"team {team.Name}: GitHub answered {(int)e.StatusCode} for {org}/{team.GitHubTeam}: {e.Message}");
            }
        }

        return result;
    }

    /// <summary>The logins of the team's members (child teams included), or null when the team does not exist.</summary>
    public async Task<IReadOnlySet<string>?> MembersAsync(string org, string slug)
    {
        try
        {
            var users = await new ApiConnection(client.Connection).GetAll<User>(
                new Uri($"orgs/{Uri.EscapeDataString(org)}/teams/{Uri.EscapeDataString(slug)}/members", UriKind.Relative),
                new Dictionary<string, string> { ["role"] = "all" },
                new ApiOptions { PageSize = 100 });
            return users.Select(u => u.Login).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
