using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// Works out which cluster a command is about when the message does not say: the one the actor's answer or release
/// can only mean, else the one cluster of the actor's team. Ambiguity is answered with a question, never a guess.
/// </summary>
internal static class ClusterResolver
{
    public static (Cluster? Cluster, string? Problem) Resolve(ConfigRepository config, StateSnapshot snapshot, string actor, LeaseCommand command, string? named)
    {
        if (named is not null)
        {
            return config.FindCluster(named) is { } found
                ? (found, null)
                : (null, $"there is no cluster \"{named}\". Clusters: {Names(config.Clusters)}");
        }

        // A cluster whose lease file cannot be read involves nobody: it must not stop commands about the others.
        var readable = config.Clusters.Where(c => snapshot.LeaseProblem(c.Name) is null).ToList();
        var involved = readable.Where(c => IsInvolved(snapshot.Lease(c.Name), actor, command)).ToList();
        if (involved.Count == 0 && command is LeaseCommand.Done)
        {
            // `done` from someone who holds nothing: they may mean to stop waiting in a line.
            involved = [.. readable.Where(c => snapshot.Lease(c.Name).WaiterOf(actor) is not null)];
        }

        if (involved.Count == 1 || (involved.Count > 1 && command is LeaseCommand.Grant or LeaseCommand.Deny))
        {
            // Oldest waiting request first, so "yes" answers the person who has waited longest.
            return (involved.MinBy(c => snapshot.Lease(c.Name).Pending.Select(p => p.Requested).DefaultIfEmpty(DateTimeOffset.MaxValue).Min()), null);
        }

        if (involved.Count > 1)
        {
            return (null, $"you have access to several clusters ({Names(involved)}); say which, e.g. `teamcluster {command.Action} {involved[0].Name}`");
        }

        return command switch
        {
            LeaseCommand.Request r => Pool(config, snapshot, actor, readOnly: false, r.Version),
            LeaseCommand.RequestReadOnly r => Pool(config, snapshot, actor, readOnly: true, r.Version),
            _ => TeamCluster(config, snapshot, actor),
        };
    }

    /// <summary>
    /// A <c>request</c> without a name, on teams with several clusters: any the actor may take, by the
    /// <see cref="LeasePool"/> preference; when none can be taken, each is named with why, and its line offered.
    /// </summary>
    /// <param name="version">Only clusters of this OpenShift version, when a version was asked for.</param>
    private static (Cluster? Cluster, string? Problem) Pool(ConfigRepository config, StateSnapshot snapshot, string actor, bool readOnly, string? version)
    {
        var mine = Membership.TeamsOf(config, snapshot, actor).SelectMany(config.ClustersOf).ToList();
        if (version is not null && readOnly)
        {
            // Read-only by version reaches beyond one's teams: to every cluster whose lease.readOnlyFor admits the actor.
            mine = [.. config.Clusters.Where(c => mine.Contains(c) || Membership.OutsideReadersOf(config, c, snapshot).Admit(actor))];
        }

        var clusters = version is null ? mine : mine.Where(c => c.Version == version).ToList();
        if (version is not null && clusters.Count == 0 && readOnly && config.Clusters.Where(c => c.Version == version).ToList() is { Count: > 0 } closed)
        {
            return (null, PoolText.NotOpen(version, closed, config));
        }

        if (version is not null && clusters.Count == 0 && mine.Count > 0)
        {
            return (null, PoolText.NoVersion(version, mine));
        }

        if (mine.Count == 0 || (clusters.Count < 2 && version is null))
        {
            return TeamCluster(config, snapshot, actor);
        }

        var pool = PoolOf(clusters, snapshot);
        return LeasePool.Pick(pool, actor, readOnly) is { } picked ? (picked, null) : (null, PoolText.NoneFree(pool, readOnly, version));
    }

    /// <summary>
    /// <paramref name="clusters"/> as the pool picks from them: those whose lease file reads, by name, so ties go the same
    /// way whatever the order of the config's files.
    /// </summary>
    public static List<PoolMember> PoolOf(IEnumerable<Cluster> clusters, StateSnapshot snapshot) =>
        [.. clusters.Where(c => snapshot.LeaseProblem(c.Name) is null).OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new PoolMember(c, snapshot.Lease(c.Name), snapshot.Record(c.Name)))];

    /// <summary>The single cluster of the actor's teams.</summary>
    public static (Cluster? Cluster, string? Problem) TeamCluster(ConfigRepository config, StateSnapshot snapshot, string actor)
    {
        var teams = Membership.TeamsOf(config, snapshot, actor).ToList();
        if (teams.Count == 0)
        {
            return (null, $"@{actor} is not a member of any team in the config repo, so there is no cluster for you. "
                + "Ask a team admin to add your GitHub login to the team's file under teams/");
        }

        var clusters = teams.SelectMany(config.ClustersOf).ToList();
        return clusters.Count switch
        {
            0 => (null, $"team {string.Join(", ", teams.Select(t => t.Name))} has no cluster yet"),
            1 => (clusters[0], null),
            _ => (null, $"your teams have several clusters ({Names(clusters)}); say which, e.g. `teamcluster request {clusters[0].Name}`"),
        };
    }

    private static bool IsInvolved(LeaseState lease, string actor, LeaseCommand command) => command switch
    {
        LeaseCommand.Grant g => lease.HolderOf(actor) is not null && (g.User is null ? lease.Pending.Count > 0 : lease.PendingOf(g.User) is not null),
        LeaseCommand.Deny d => lease.HolderOf(actor) is not null && (d.User is null ? lease.Pending.Count > 0 : lease.PendingOf(d.User) is not null),
        LeaseCommand.Done => lease.HolderOf(actor) is not null || lease.ReaderOf(actor) is not null || lease.PendingOf(actor) is not null,
        LeaseCommand.Extend or LeaseCommand.Auth => lease.HolderOf(actor) is not null || lease.ReaderOf(actor) is not null,
        LeaseCommand.Leave => lease.WaiterOf(actor) is not null,

        // A plain `request` from the one a free cluster is offered to takes that cluster, whatever else the team has.
        LeaseCommand.Request { Version: null } => lease.IsFree && lease.Offer is { } offer && string.Equals(offer.User, actor, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string Names(IEnumerable<Cluster> clusters) => string.Join(", ", clusters.Select(c => c.Name));
}
