using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Leases;

/// <summary>Access follows membership: the sweep ends whatever someone who left the team still has.</summary>
public static partial class LeaseEngine
{
    private sealed partial class Context
    {
        /// <summary>
        /// Ends the lease, reading, ping and place in line of everyone no longer on the team, each told once (and their
        /// credentials revoked), each named in the commit with why; a cluster left free goes to the line as after a release.
        /// </summary>
        public void EndDeparted()
        {
            // A reader the cluster's readOnlyFor admits reads as an outsider, not as a member: that reading stays.
            var gone = State.Holders.Select(h => h.User)
                .Concat(State.Readers.Where(r => !Outside.Admit(r.User)).Select(r => r.User))
                .Concat(State.Pending.Select(p => p.User))
                .Concat(State.Line.Select(w => w.User))
                .Where(u => !Members.Contains(u)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (gone.Count == 0)
            {
                return;
            }

            var lastHolder = State.Holders.Count > 0 ? State.Holders[^1].User : null;
            foreach (var user in gone)
            {
                // Only reading, on a cluster open beyond its team: the reading ended because readOnlyFor no longer admits them.
                if (Cluster.Lease.ReadOnlyFor is not null && State.HolderOf(user) is null && State.PendingOf(user) is null && State.WaiterOf(user) is null)
                {
                    Effects.Add(new Effect.Notify(user, Notice.ReadingClosed));
                    DropReader(user);
                    Summaries.Add($"@{user}'s read-only access to {Cluster.Name} ended: on neither team {Cluster.Team} nor a team its readOnlyFor names");
                    continue;
                }

                Effects.Add(new Effect.Notify(user, Notice.RemovedFromTeam));
                if (State.HolderOf(user) is not null)
                {
                    DropHolder(user);
                }

                if (!Outside.Admit(user))
                {
                    DropReader(user);
                }

                DropFromLine(user);
                State = State with { Pending = [.. State.Pending.Where(p => !Same(p.User, user))] };
                Summaries.Add($"@{user}'s access to {Cluster.Name} ended: no longer on team {Cluster.Team}");
            }

            if (lastHolder is not null)
            {
                Freed(by: lastHolder, departed: true);
            }

            OfferIfFree(freedBy: null);
        }
    }
}
