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
    /// <summary>Static membership: admins and listed members (GitHub team members are merged in by the sync).</summary>
    public bool IsMember(string login) =>
        Members.Contains(login, StringComparer.OrdinalIgnoreCase) || Admins.Contains(login, StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> AllMembers() =>
        new HashSet<string>(Members.Concat(Admins), StringComparer.OrdinalIgnoreCase);
}
