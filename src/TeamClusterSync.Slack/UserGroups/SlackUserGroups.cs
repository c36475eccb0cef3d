using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Users;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.UserGroups;

/// <summary>
/// Slack user groups as the app's <see cref="IUserGroupDirectory"/>: what team sync writes to. Every failure (Slack
/// unreachable, <c>invalid_auth</c>, a refused write) becomes a <see cref="UserGroupDirectoryException"/> saying what
/// failed in one sentence; 429s were already waited out by the client's Retry-After handling.
/// </summary>
public sealed class SlackUserGroups(SlackClient slack) : IUserGroupDirectory
{
    public Task<IReadOnlyList<UserGroup>> ListGroupsAsync(CancellationToken ct) =>
        GuardedAsync<IReadOnlyList<UserGroup>>(
            "read the user groups",
            async () => [.. (await slack.ListUsergroupsAsync(includeUsers: true, includeDisabled: true, ct))
                .Select(g => new UserGroup(g.Id, g.Handle, g.Users ?? [], g.IsDisabled))]);

    public Task<IReadOnlyDictionary<string, string>> UsersByEmailAsync(bool includeGuests, CancellationToken ct) =>
        GuardedAsync<IReadOnlyDictionary<string, string>>("list the workspace's people", async () =>
        {
            var byEmail = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var user in (await slack.ListAllUsersAsync(cancellationToken: ct)).Where(u => SlackMembership.Refusal(u, null, includeGuests) is null))
            {
                byEmail.TryAdd(user.Profile.Email!, user.Id);
            }

            return byEmail;
        });

    public Task<string> CreateGroupAsync(string name, string handle, string description, CancellationToken ct) =>
        GuardedAsync($"create the user group @{handle}", async () => (await slack.CreateUsergroupAsync(new CreateUsergroupRequest(name, handle, description), ct)).Id);

    public Task EnableGroupAsync(string id, CancellationToken ct) =>
        GuardedAsync($"enable the user group {id}", () => slack.EnableUsergroupAsync(id, ct));

    public Task SetMembersAsync(string id, IReadOnlyList<string> userIds, CancellationToken ct) =>
        GuardedAsync($"set the members of the user group {id}", () => slack.SetUsergroupUsersAsync(id, userIds, ct));

    private static async Task<T> GuardedAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SlackApiException e)
        {
            throw new UserGroupDirectoryException($"Slack could not {what}: {e.Error}", e);
        }
        catch (HttpRequestException e)
        {
            throw new UserGroupDirectoryException($"Slack could not be reached to {what}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new UserGroupDirectoryException($"Slack did not answer in time to {what}", e);
        }
    }
}
