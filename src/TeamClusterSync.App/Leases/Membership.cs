using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// Who is on a team: the team file's members and admins, merged with its GitHub team as the last sync recorded it
/// (a record of another GitHub team, from before the team file changed, does not count).
/// </summary>
internal static class Membership
{
    public static IReadOnlySet<string> Of(Team team, StateSnapshot snapshot)
    {
        var members = new HashSet<string>(team.AllMembers(), StringComparer.OrdinalIgnoreCase);
        if (team.GitHubTeam is { } slug && snapshot.Members(team.Name) is { } synced
            && string.Equals(synced.GitHubTeam, slug, StringComparison.OrdinalIgnoreCase))
        {
            members.UnionWith(synced.Logins);
        }

        return members;
    }

    /// <summary>
    /// Who may reclaim, pause, resume and reprovision the team's clusters: the team file's <c>admins:</c> and the global
    /// <c>admins:</c> of <c>teamclustersync.yaml</c>, who count as leads of every team.
    /// </summary>
    public static IReadOnlySet<string> AdminsOf(ConfigRepository config, Team team) =>
        new HashSet<string>(team.Admins.Concat(config.Settings.Admins), StringComparer.OrdinalIgnoreCase);

    /// <summary>Who outside the cluster's team may read it: everyone, or the members of the teams its <c>lease.readOnlyFor</c> names.</summary>
    public static OutsideReaders OutsideReadersOf(ConfigRepository config, Cluster cluster, StateSnapshot snapshot) => cluster.Lease.ReadOnlyFor switch
    {
        null => OutsideReaders.None,
        { Everyone: true } => new OutsideReaders(true, new HashSet<string>()),
        { Teams: var teams } => new OutsideReaders(false, teams.Select(config.FindTeam).OfType<Team>()
            .SelectMany(t => Of(t, snapshot)).ToHashSet(StringComparer.OrdinalIgnoreCase)),
    };

    /// <summary>
    /// Whether <see cref="Of"/> is the team's whole membership: always for a team of its file alone; for a GitHub
    /// team, only once a sync of that team is recorded (before that, or after the team file named another GitHub team,
    /// its synced members are unknown, and nobody may lose access for it).
    /// </summary>
    public static bool Known(Team team, StateSnapshot snapshot) =>
        team.GitHubTeam is not { } slug
        || (snapshot.Members(team.Name) is { } synced && string.Equals(synced.GitHubTeam, slug, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why <paramref name="login"/> is on the team, in words, or null when they are not.</summary>
    public static string? Why(Team team, StateSnapshot snapshot, string login)
    {
        if (team.Admins.Contains(login, StringComparer.OrdinalIgnoreCase))
        {
            return $"admin in teams/{team.Name}.yaml";
        }

        if (team.Members.Contains(login, StringComparer.OrdinalIgnoreCase))
        {
            return $"member in teams/{team.Name}.yaml";
        }

        return Of(team, snapshot).Contains(login) ? $"member of GitHub team {team.GitHubTeam}, per the last sync" : null;
    }

    public static IEnumerable<Team> TeamsOf(ConfigRepository config, StateSnapshot snapshot, string login) =>
        config.Teams.Where(t => Of(t, snapshot).Contains(login));
}
