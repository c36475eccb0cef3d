using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.Users;

/// <summary>
/// The one rule, for chat and team sync, of which Slack accounts an email may map to a person: full members of this
/// workspace with a confirmed email. Guests only when <c>sync.includeGuests</c> says so; never Slack Connect users of
/// another organisation, bots or deactivated accounts, whose email proves nothing about who types.
/// </summary>
internal static class SlackMembership
{
    /// <summary>Why <paramref name="user"/> may not be mapped by email (a clause: "is a guest of this workspace"), or null when they may.</summary>
    /// <param name="workspaceTeamId">This workspace's team id (auth.test), or null where Slack lists only this workspace's members.</param>
    public static string? Refusal(SlackUser user, string? workspaceTeamId, bool includeGuests) =>
        user switch
        {
            { IsStranger: true } => "belongs to another organisation (Slack Connect)",
            _ when workspaceTeamId is not null && user.TeamId != workspaceTeamId => "belongs to another workspace",
            { IsBot: true } => "is a bot",
            { Deleted: true } => "is deactivated",
            { IsRestricted: true } or { IsUltraRestricted: true } when !includeGuests => "is a guest of this workspace",
            { IsEmailConfirmed: false } => "has an email Slack has not confirmed",
            { Profile.Email: null or "" } => "shows no email",
            _ => null,
        };
}
