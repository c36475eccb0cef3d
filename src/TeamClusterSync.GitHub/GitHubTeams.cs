using Octokit;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.GitHub;

/// <summary>
/// GitHub team membership, the source of truth for who is on a team. Octokit 14 has no by-slug members call, so this
/// asks <c>GET /orgs/{org}/teams/{slug}/members?role=all</c> directly, following pagination.
/// </summary>
public sealed class GitHubTeams(IGitHubClient client) : ITeamMembershipSource
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

    public async Task<TeamRead> ReadTeamAsync(string org, string slug, CancellationToken ct)
    {
        try
        {
            var users = await new ApiConnection(client.Connection).GetAll<User>(
                new Uri($"orgs/{Uri.EscapeDataString(org)}/teams/{Uri.EscapeDataString(slug)}/members", UriKind.Relative),
                new Dictionary<string, string> { ["role"] = "all" },
                new ApiOptions { PageSize = 100 });
            return new TeamRead.Found(users.Select(u => u.Login).ToHashSet(StringComparer.OrdinalIgnoreCase));
        }
        catch (NotFoundException)
        {
            return new TeamRead.NotFound();
        }
        catch (ApiException e)
        {
            return new TeamRead.Failed((int)e.StatusCode, e.Message);
        }
        catch (HttpRequestException e)
        {
            return new TeamRead.Failed(null, e.Message);
        }
    }
}
