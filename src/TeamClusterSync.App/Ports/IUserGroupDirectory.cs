namespace TeamClusterSync.App.Ports;

/// <summary>
/// The chat workspace's user groups and users (Slack user groups, in production): what team sync writes to.
/// Every method throws <see cref="UserGroupDirectoryException"/>, saying what failed in one sentence, when the
/// directory cannot be reached or refuses the call.
/// </summary>
public interface IUserGroupDirectory
{
    /// <summary>Every user group, disabled ones included, with their members.</summary>
    Task<IReadOnlyList<UserGroup>> ListGroupsAsync(CancellationToken ct);

    /// <summary>
    /// Every active person of the workspace with an email, by email (case-insensitive), from one listing: bots and
    /// deactivated users are left out, guests unless <paramref name="includeGuests"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> UsersByEmailAsync(bool includeGuests, CancellationToken ct);

    /// <summary>Creates a group and returns its id.</summary>
    Task<string> CreateGroupAsync(string name, string handle, string description, CancellationToken ct);

    Task EnableGroupAsync(string id, CancellationToken ct);

    /// <summary>Replaces the group's members with <paramref name="userIds"/> (never empty).</summary>
    Task SetMembersAsync(string id, IReadOnlyList<string> userIds, CancellationToken ct);
}

/// <summary>A user group as the directory has it.</summary>
public sealed record UserGroup(string Id, string Handle, IReadOnlyList<string> Users, bool IsDisabled);
