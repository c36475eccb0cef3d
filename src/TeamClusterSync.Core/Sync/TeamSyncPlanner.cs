using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Core.Sync;

/// <summary>How one GitHub login resolved to a Slack user: an id, unmapped (nobody matches), or the lookup failed.</summary>
public sealed record SlackLookup(string Login, string? SlackId, bool Failed = false)
{
    public static SlackLookup Unmapped(string login) => new(login, null);

    public static SlackLookup Error(string login) => new(login, null, Failed: true);
}

/// <summary>
/// What to do to a team's Slack user group. <see cref="Skipped"/> set means leave the group exactly as it is, and says
/// why; otherwise <see cref="Members"/> is the full list to set (Slack replaces, it does not patch).
/// </summary>
public sealed record UsergroupPlan(
    string Team,
    string Handle,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> Add,
    IReadOnlyList<string> Remove,
    IReadOnlyList<string> Unmapped,
    IReadOnlyList<string> LookupFailed,
    string? Skipped)
{
    public bool ChangesSomething => Skipped is null && (Add.Count > 0 || Remove.Count > 0);
}

/// <summary>
/// GitHub team + static members → Slack user group, as a pure plan. The rule that matters most: a failed API call
/// never empties or shrinks a group. If GitHub could not be read, or any member's Slack lookup failed, nobody is
/// removed; a group is never set to empty (Slack refuses that, and it would silence the team). On top of that the
/// <see cref="SyncGuards"/> hold: more removals than the cap, or a group left below the minimum size, leave the group as it is.
/// </summary>
public static class TeamSyncPlanner
{
    /// <param name="gitHubMembers">The GitHub team's logins; null when the team could not be read.</param>
    /// <param name="lookups">One lookup per desired login (static members, admins and GitHub members).</param>
    /// <param name="current">The group's Slack user ids now; empty for a group that does not exist yet.</param>
    /// <param name="guards">The removal cap and minimum size; <see cref="SyncGuards.Default"/> when null.</param>
    public static UsergroupPlan Plan(
        Team team, IReadOnlySet<string>? gitHubMembers, IReadOnlyList<SlackLookup> lookups, IReadOnlyList<string> current, SyncGuards? guards = null)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(lookups);
        ArgumentNullException.ThrowIfNull(current);
        guards ??= SyncGuards.Default;
        var handle = team.SlackUsergroup ?? throw new ArgumentException($"team {team.Name} has no slack.usergroup", nameof(team));
        var unmapped = lookups.Where(l => l.SlackId is null && !l.Failed).Select(l => l.Login).Order(StringComparer.Ordinal).ToList();
        var failed = lookups.Where(l => l.Failed).Select(l => l.Login).Order(StringComparer.Ordinal).ToList();
        var mapped = lookups.Where(l => l.SlackId is not null).Select(l => l.SlackId!).ToHashSet(StringComparer.Ordinal);
        UsergroupPlan Skip(string why) => new(team.Name, handle, current, [], [], unmapped, failed, why);

        if (team.GitHubTeam is { } slug && gitHubMembers is null)
        {
            return Skip($"GitHub team {slug} could not be read; the group is left as it is");
        }

        // A failed lookup might be anyone already in the group: keep them all, add only.
        var members = failed.Count > 0 ? mapped.Union(current, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal) : mapped;
        if (members.Count == 0)
        {
            return Skip("no member maps to a Slack user; a group is never emptied");
        }

        var currentSet = current.ToHashSet(StringComparer.Ordinal);
        var remove = currentSet.Except(members).Order(StringComparer.Ordinal).ToList();
        if (GuardViolation(guards, currentSet.Count, members.Count, remove.Count) is { } violation)
        {
            return Skip(violation);
        }

        return new UsergroupPlan(
            team.Name,
            handle,
            [.. members.Order(StringComparer.Ordinal)],
            [.. members.Except(currentSet).Order(StringComparer.Ordinal)],
            remove,
            unmapped,
            failed,
            Skipped: null);
    }

    /// <summary>Why the guards refuse a plan that removes <paramref name="removals"/> of <paramref name="before"/> members, or null.</summary>
    private static string? GuardViolation(SyncGuards guards, int before, int after, int removals)
    {
        if (removals == 0)
        {
            return null;
        }

        var allowed = guards.MaxRemovals.AllowedOf(before);
        if (removals > allowed)
        {
            return $"would remove {removals} of {before} members, more than sync.maxRemovals ({guards.MaxRemovals}: {allowed}); the group is left as it is";
        }

        return after < guards.MinGroupSize
            ? $"would leave {after} member(s), fewer than sync.minGroupSize ({guards.MinGroupSize}); the group is left as it is"
            : null;
    }

    /// <summary>Everyone the group should hold: the team file's members and admins, and the GitHub team's members.</summary>
    public static IReadOnlyList<string> DesiredLogins(Team team, IReadOnlySet<string>? gitHubMembers) =>
        [.. team.AllMembers().Union(gitHubMembers ?? new HashSet<string>(), StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
}
