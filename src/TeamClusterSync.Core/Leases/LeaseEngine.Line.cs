using TeamClusterSync.Core.Time;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Leases;

/// <summary>
/// The line: first come, first served. When the cluster is free, its first is offered it for the cluster's
/// <c>offerWindow</c>, during which nobody else can take it; an offer not taken in time moves to the next. Only team
/// members are ever offered a cluster: someone who left the team is dropped when their turn comes.
/// </summary>
public static partial class LeaseEngine
{
    private static void Wait(Context c, string actor, bool anyOf)
    {
        if (c.State.HolderOf(actor) is not null)
        {
            c.Refuse(actor, Refusal.AlreadyHolder);
            return;
        }

        if (c.State.WaiterOf(actor) is not null)
        {
            c.Refuse(actor, Refusal.AlreadyInLine);
            return;
        }

        if (c.State.IsFree && c.State.Line.Count == 0 && c.State.Paused is null && c.State.Reprovision is null)
        {
            c.Effects.Add(new Effect.Notify(actor, Notice.NotInUse));
            return;
        }

        c.State = c.State with { Line = [.. c.State.Line, new Waiter(actor, c.Now, AnyOf: anyOf)] };
        c.Effects.Add(new Effect.Notify(actor, Notice.InLine));
        c.Summaries.Add($"@{actor} joined the line for {c.Cluster.Name} (place {c.State.Line.Count})");
    }

    private static void Leave(Context c, string actor)
    {
        if (c.State.WaiterOf(actor) is null)
        {
            c.Refuse(actor, Refusal.NotInLine);
            return;
        }

        c.Effects.Add(new Effect.Notify(actor, Notice.LeftLine));
        c.DropFromLine(actor);
        c.Summaries.Add($"@{actor} left the line for {c.Cluster.Name}");
        c.OfferIfFree(freedBy: null);
    }

    private sealed partial class Context
    {
        /// <summary>True (and the actor told so) when the free cluster is offered to someone else right now.</summary>
        public bool ReservedFor(string actor)
        {
            if (!State.IsFree || State.Offer is not { } offer || Same(offer.User, actor))
            {
                return false;
            }

            Effects.Add(new Effect.Notify(actor, Notice.Reserved, About: offer.User, Expires: offer.OfferedUntil));
            return true;
        }

        public void DropFromLine(string user) =>
            State = State with { Line = [.. State.Line.Where(w => !Same(w.User, user))] };

        /// <summary>Offers a free cluster to the first in line who is still on the team, unless it is offered already.</summary>
        public void OfferIfFree(string? freedBy)
        {
            if (!State.IsFree || State.Line.Count == 0 || State.Offer is not null || State.Paused is not null || State.Reprovision is not null)
            {
                return;
            }

            while (State.Line.Count > 0 && !Members.Contains(State.Line[0].User))
            {
                Summaries.Add($"@{State.Line[0].User} left the line for {Cluster.Name} (no longer on team {Cluster.Team})");
                State = State with { Line = [.. State.Line.Skip(1)] };
            }

            if (State.Line.Count == 0)
            {
                return;
            }

            var first = State.Line[0];
            var until = Now + Cluster.Lease.OfferWindow;
            State = State with { Line = [first with { OfferedUntil = until }, .. State.Line.Skip(1)] };
            Effects.Add(new Effect.Notify(first.User, Notice.Offered, About: freedBy, Expires: until));
            Summaries.Add($"@{first.User} is offered {Cluster.Name} until {Timestamps.Human(until)}");
        }

        /// <summary>
        /// Someone who waited for the first free of several clusters was offered <paramref name="offered"/>: they leave
        /// this line (only a place taken that way), and a cluster they were offered here too moves on to the next.
        /// </summary>
        public void LeaveForOffer(string user, string offered)
        {
            if (State.WaiterOf(user) is not { AnyOf: true })
            {
                return;
            }

            DropFromLine(user);
            Effects.Add(new Effect.Notify(user, Notice.LeftForOffer, Reason: offered));
            Summaries.Add($"@{user} left the line for {Cluster.Name}: offered {offered}");
            OfferIfFree(freedBy: null);
        }

        /// <summary>An offer not taken within its window: the first leaves the line, the next is offered the cluster.</summary>
        public void LapseOffer()
        {
            if (!State.IsFree || State.Offer is not { } offer || offer.OfferedUntil > Now)
            {
                return;
            }

            State = State with { Line = [.. State.Line.Skip(1)] };
            Effects.Add(new Effect.Notify(offer.User, Notice.OfferLapsed, Expires: offer.OfferedUntil));
            Summaries.Add($"@{offer.User} did not take {Cluster.Name} in time and left the line");
        }

        /// <summary>
        /// Takes back a grant whose credentials could not be issued: the access goes (and whatever the provider made of
        /// it is revoked), and a cluster left free is offered to the line as after any release. The person is told by
        /// the caller, who knows the provider's reason.
        /// </summary>
        public void Revert(LeaseCommand.Revert revert)
        {
            if (revert.Mode == AccessMode.ReadWrite && State.HolderOf(revert.User) is { } holder && holder.Since == revert.Since)
            {
                DropHolder(revert.User);
                Summaries.Add($"@{revert.User}'s access to {Cluster.Name} taken back: no credentials could be issued");
                Freed(by: null);
            }
            else if (revert.Mode == AccessMode.ReadOnly && State.ReaderOf(revert.User) is { } reader && reader.Since == revert.Since)
            {
                DropReader(revert.User);
                Summaries.Add($"@{revert.User}'s read-only access to {Cluster.Name} taken back: no credentials could be issued");
            }
        }

        /// <summary>Pings the holders left unanswered for the cluster's <c>pingTimeout</c>: the requester is told, the holders reminded, once.</summary>
        public void TimeOutPings()
        {
            var due = State.Pending.Where(p => p.TimedOut is null && p.Requested + Cluster.Lease.PingTimeout <= Now).ToList();
            if (due.Count == 0 || State.IsFree)
            {
                return;
            }

            State = State with { Pending = [.. State.Pending.Select(p => due.Contains(p) ? p with { TimedOut = Now } : p)] };
            foreach (var p in due)
            {
                Effects.Add(new Effect.Notify(p.User, Notice.PingUnanswered));
                foreach (var h in State.Holders)
                {
                    Effects.Add(new Effect.Notify(h.User, Notice.PingReminder, About: p.User));
                }

                Summaries.Add($"@{p.User}'s ping for {Cluster.Name} went unanswered for {DurationFormat.Format(Cluster.Lease.PingTimeout)}");
            }
        }
    }
}
