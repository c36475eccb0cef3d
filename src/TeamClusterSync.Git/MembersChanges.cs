using System.Globalization;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.Git;

/// <summary>Which teams' recorded GitHub members a sync changes, and how the one commit recording them says so.</summary>
internal static class MembersChanges
{
    /// <summary>The teams whose record differs from the snapshot's, ordered by team, with who joined and who left.</summary>
    public static IReadOnlyList<MembersChange> Of(StateSnapshot snapshot, IReadOnlyList<TeamMembers> teams) =>
        [.. teams
            .Select(members => Change(Previous(snapshot, members.Team), members))
            .OfType<MembersChange>()
            .OrderBy(c => c.Members.Team, StringComparer.Ordinal)];

    /// <summary><c>sync: GitHub members of 3 teams changed</c>.</summary>
    public static string Subject(IReadOnlyList<MembersChange> changes) =>
        changes.Count == 1
            ? $"sync: GitHub members of team {changes[0].Members.Team} changed"
            : $"sync: GitHub members of {changes.Count.ToString(CultureInfo.InvariantCulture)} teams changed";

    /// <summary>One line per team: <c>redhat-coreos: 3 members, +dustymabe -former</c>.</summary>
    public static IReadOnlyList<string> Body(IReadOnlyList<MembersChange> changes) =>
        [.. changes.Select(c =>
        {
            var count = $"{c.Members.Team}: {c.Members.Logins.Count.ToString(CultureInfo.InvariantCulture)} member(s)";
            var moves = c.Added.Select(l => "+" + l).Concat(c.Removed.Select(l => "-" + l)).ToList();
            return c.First ? count + " (first record)" : moves.Count == 0 ? count : $"{count}, {string.Join(' ', moves)}";
        })];

    /// <summary>The recorded members; an unreadable record counts as none, so the sync rewrites it.</summary>
    private static TeamMembers? Previous(StateSnapshot snapshot, string team)
    {
        try
        {
            return snapshot.Members(team);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static MembersChange? Change(TeamMembers? previous, TeamMembers members)
    {
        var before = (previous?.Logins ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var after = members.Logins.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (previous is not null && before.SetEquals(after) && previous.GitHubTeam == members.GitHubTeam
            && previous.Logins.Count == members.Logins.Count)
        {
            return null;
        }

        return new MembersChange(
            members,
            previous is null,
            [.. after.Except(before, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)],
            [.. before.Except(after, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)]);
    }
}

/// <summary>One team's new record, whether it is the first, and the logins that joined and left.</summary>
internal sealed record MembersChange(TeamMembers Members, bool First, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
