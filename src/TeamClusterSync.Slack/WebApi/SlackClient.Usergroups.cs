using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>usergroups.list (Slack returns all groups at once, no paging).</summary>
    public async Task<IReadOnlyList<SlackUsergroup>> ListUsergroupsAsync(bool includeUsers = false, bool includeDisabled = false, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupsListResponse>("usergroups.list", new UsergroupsListRequest(includeUsers, includeDisabled), cancellationToken)).Usergroups;

    /// <summary>usergroups.create; <c>name_already_exists</c> surfaces as <see cref="SlackApiException"/>.</summary>
    public async Task<SlackUsergroup> CreateUsergroupAsync(CreateUsergroupRequest request, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupResponse>("usergroups.create", request, cancellationToken)).Usergroup;

    /// <summary>usergroups.update.</summary>
    public async Task<SlackUsergroup> UpdateUsergroupAsync(UpdateUsergroupRequest request, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupResponse>("usergroups.update", request, cancellationToken)).Usergroup;

    /// <summary>usergroups.users.list: member ids.</summary>
    public async Task<IReadOnlyList<string>> ListUsergroupUsersAsync(string usergroupId, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupUsersResponse>("usergroups.users.list", new UsergroupRequest(usergroupId), cancellationToken)).Users;

    /// <summary>
    /// usergroups.users.update: REPLACES the whole member list. Slack refuses an empty list
    /// (<c>no_users_provided</c>), so an emptied group must be disabled instead; this method does not hide that.
    /// </summary>
    public async Task<SlackUsergroup> SetUsergroupUsersAsync(string usergroupId, IEnumerable<string> userIds, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupResponse>("usergroups.users.update", new UsergroupUsersUpdateRequest(usergroupId, string.Join(',', userIds)), cancellationToken)).Usergroup;

    /// <summary>usergroups.enable.</summary>
    public async Task<SlackUsergroup> EnableUsergroupAsync(string usergroupId, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupResponse>("usergroups.enable", new UsergroupRequest(usergroupId), cancellationToken)).Usergroup;

    /// <summary>usergroups.disable.</summary>
    public async Task<SlackUsergroup> DisableUsergroupAsync(string usergroupId, CancellationToken cancellationToken = default) =>
        (await CallAsync<UsergroupResponse>("usergroups.disable", new UsergroupRequest(usergroupId), cancellationToken)).Usergroup;
}
