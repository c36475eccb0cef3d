using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>users.info; null when Slack answers <c>user_not_found</c>.</summary>
    public async Task<SlackUser?> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await CallAsync<UserResponse>("users.info", new UserRequest(userId), cancellationToken)).User;
        }
        catch (SlackApiException e) when (e.Error == "user_not_found")
        {
            return null;
        }
    }

    /// <summary>users.lookupByEmail; null when Slack answers <c>users_not_found</c> (an unmapped person, not a failure).</summary>
    public async Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await CallAsync<UserResponse>("users.lookupByEmail", new EmailRequest(email), cancellationToken)).User;
        }
        catch (SlackApiException e) when (e.Error == "users_not_found")
        {
            return null;
        }
    }

    /// <summary>users.list, every page (cursor pagination, <paramref name="pageSize"/> a page): the whole workspace in a few calls.</summary>
    public async Task<IReadOnlyList<SlackUser>> ListAllUsersAsync(int pageSize = 200, CancellationToken cancellationToken = default)
    {
        var users = new List<SlackUser>();
        string? cursor = null;
        do
        {
            var page = await CallAsync<UsersListResponse>("users.list", new UsersListRequest(cursor, pageSize), cancellationToken);
            users.AddRange(page.Members);
            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
        return users;
    }
}
