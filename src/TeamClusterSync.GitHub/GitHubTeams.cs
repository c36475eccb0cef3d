using Octokit;

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
