namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>usergroups.list.</summary>
public sealed record UsergroupsListResponse : SlackResponse
{
    public IReadOnlyList<SlackUsergroup> Usergroups { get; init; } = [];
}

/// <summary>usergroups.create / update / enable / disable / users.update.</summary>
public sealed record UsergroupResponse : SlackResponse
{
    public SlackUsergroup Usergroup { get; init; } = new();
}

/// <summary>usergroups.users.list.</summary>
public sealed record UsergroupUsersResponse : SlackResponse
{
    public IReadOnlyList<string> Users { get; init; } = [];
}

/// <summary>A user group (<c>S...</c>); <c>date_delete</c> non-zero means disabled.</summary>
public sealed record SlackUsergroup
{
    public string Id { get; init; } = "";

    public string Handle { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public long DateDelete { get; init; }

    /// <summary>Members, present when listed with include_users or returned by users.update.</summary>
    public IReadOnlyList<string>? Users { get; init; }

    public bool IsDisabled => DateDelete != 0;
}
