namespace TeamClusterSync.App.Ports;

/// <summary>The chat workspace's user groups and users (Slack user groups, in production): what team sync writes to.</summary>
public interface IUserGroupDirectory
{
    /// <summary>Every user group, disabled ones included, with their members.</summary>
    Task<IReadOnlyList<UserGroup>> ListGroupsAsync(CancellationToken ct);

    /// <summary>The workspace user with this email; <see cref="UserLookup.Failed"/> when the directory could not be asked.</summary>
    Task<UserLookup> FindByEmailAsync(string email, CancellationToken ct);

    /// <summary>Creates a group and returns its id.</summary>
    Task<string> CreateGroupAsync(string name, string handle, string description, CancellationToken ct);

    Task EnableGroupAsync(string id, CancellationToken ct);

    /// <summary>Replaces the group's members with <paramref name="userIds"/> (never empty).</summary>
    Task SetMembersAsync(string id, IReadOnlyList<string> userIds, CancellationToken ct);
}

/// <summary>A user group as the directory has it.</summary>
public sealed record UserGroup(string Id, string Handle, IReadOnlyList<string> Users, bool IsDisabled);

/// <summary>A user id, none (<see cref="UserId"/> null), or a lookup that failed and says nothing about the person.</summary>
public sealed record UserLookup(string? UserId, bool Failed = false);
