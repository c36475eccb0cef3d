namespace TeamClusterSync.Slack.Models.Requests;

/// <summary>users.list: one page of <paramref name="Limit"/> users from <paramref name="Cursor"/> (null: the first page).</summary>
internal sealed record UsersListRequest(string? Cursor, int Limit);
