namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>users.info / users.lookupByEmail.</summary>
public sealed record UserResponse : SlackResponse
{
    public SlackUser? User { get; init; }
}

/// <summary>users.list: one page of members and the cursor of the next ("" at the end).</summary>
public sealed record UsersListResponse : SlackResponse
{
    public IReadOnlyList<SlackUser> Members { get; init; } = [];
}

/// <summary>A Slack user, reduced to what identity mapping needs.</summary>
public sealed record SlackUser
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public bool Deleted { get; init; }

    public bool IsBot { get; init; }

    /// <summary>A guest (multi-channel); <see cref="IsUltraRestricted"/> a single-channel guest.</summary>
    public bool IsRestricted { get; init; }

    public bool IsUltraRestricted { get; init; }

    /// <summary>A Slack Connect user of another organisation, seen through a shared channel.</summary>
    public bool IsStranger { get; init; }

    /// <summary>The workspace the account belongs to.</summary>
    public string TeamId { get; init; } = "";

    public bool IsEmailConfirmed { get; init; }

    public SlackUserProfile Profile { get; init; } = new();
}

/// <summary>The profile part of a user; <c>email</c> is present only with users:read.email.</summary>
public sealed record SlackUserProfile
{
    public string? Email { get; init; }

    public string? DisplayName { get; init; }

    public string? RealName { get; init; }
}
