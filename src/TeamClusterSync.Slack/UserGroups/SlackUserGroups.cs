using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.UserGroups;

/// <summary>Slack user groups as the app's <see cref="IUserGroupDirectory"/>: what team sync writes to.</summary>
public sealed class SlackUserGroups(SlackClient slack, ILogger<SlackUserGroups> logger) : IUserGroupDirectory
{
    public async Task<IReadOnlyList<UserGroup>> ListGroupsAsync(CancellationToken ct) =>
        [.. (await slack.ListUsergroupsAsync(includeUsers: true, includeDisabled: true, ct))
            .Select(g => new UserGroup(g.Id, g.Handle, g.Users ?? [], g.IsDisabled))];

    /// <summary>A failed lookup is reported as failed, never as "nobody": the planner keeps everyone when it cannot tell.</summary>
    public async Task<UserLookup> FindByEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            return new UserLookup((await slack.LookupByEmailAsync(email, ct))?.Id);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException)
        {
            logger.LogWarning("Slack lookup of a person by email failed: {Error}", e.Message);
            return new UserLookup(null, Failed: true);
        }
    }

    public async Task<string> CreateGroupAsync(string name, string handle, string description, CancellationToken ct) =>
        (await slack.CreateUsergroupAsync(new CreateUsergroupRequest(name, handle, description), ct)).Id;

    public Task EnableGroupAsync(string id, CancellationToken ct) => slack.EnableUsergroupAsync(id, ct);

    public Task SetMembersAsync(string id, IReadOnlyList<string> userIds, CancellationToken ct) => slack.SetUsergroupUsersAsync(id, userIds, ct);
}
