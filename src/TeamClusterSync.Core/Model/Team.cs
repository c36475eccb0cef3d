namespace TeamClusterSync.Core.Model;

/// <summary><c>teams/&lt;name&gt;.yaml</c>.</summary>
public sealed record Team(
    string Name,
    string? GitHubTeam,
    string? SlackUsergroup,
    string? SlackChannel,
    IReadOnlyList<string> Admins,
    IReadOnlyList<string> Members)
{
    /// <summary>
    /// The team file's own members: listed members and admins. The bot adds the GitHub team's members, as the last
    /// sync recorded them in <c>state/sync/</c>.
    /// </summary>
    public IReadOnlySet<string> AllMembers() =>
        new HashSet<string>(Members.Concat(Admins), StringComparer.OrdinalIgnoreCase);
}
