namespace TeamClusterSync.Core.Sync;

/// <summary>The members of a team's GitHub team, as the last sync read them; they count as team members for leases.</summary>
public sealed record TeamMembers(string Team, string GitHubTeam, IReadOnlyList<string> Logins);
