using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Leases;

/// <summary>
/// The lease rules, as a pure function: cluster spec, team members, current state, actor, command and time in;
/// new state, effects and a commit summary out. No I/O, no clock of its own. Leases that ran out are swept
/// before every command, so a stale holder never blocks a request.
/// </summary>
public static partial class LeaseEngine
{
    /// <summary>The actor recorded for scheduled sweeps.</summary>
    public const string ScheduleActor = "schedule";

    /// <param name="admins">The admins of the cluster's team: who may <c>reclaim</c>, <c>pause</c> and <c>resume</c> it.</param>
    /// <param name="outsideReaders">Who outside the team may read it (<c>lease.readOnlyFor</c>); null: nobody.</param>
    public static LeaseDecision Decide(
        Cluster cluster, IReadOnlySet<string> members, LeaseState state, string actor, LeaseCommand command, DateTimeOffset now,
        IReadOnlySet<string>? admins = null, OutsideReaders? outsideReaders = null)
    {
        // State files keep whole seconds: a fraction says nothing to a reader of `git log -p`.
        var context = new Context(cluster, members, state, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)))
        {
            Outside = outsideReaders ?? OutsideReaders.None,
        };
        context.SweepExpired();
        if (command is LeaseCommand.Expire { EndDeparted: true })
        {
            context.EndDeparted();
        }

        if (IsLeadAction(actor, command))
        {
            Lead(context, admins ?? new HashSet<string>(), actor, command);
        }
        else if (command is LeaseCommand.Reclaim)
        {
            ReclaimForRebuild(context);
        }
        else if (command is LeaseCommand.Rebuilt)
        {
            // Only the schedule settles a rebuild; from anyone else it changes nothing.
            if (actor == ScheduleActor)
            {
                Rebuilt(context);
            }
        }
        else if (command is LeaseCommand.Revert revert)
        {
            context.Revert(revert);
        }
        else if (command is LeaseCommand.Leave { For: { } waiter, Offered: { } offered } && actor == ScheduleActor)
        {
            context.LeaveForOffer(waiter, offered);
        }
        else if (command is not LeaseCommand.Expire)
        {
            if (MayAct(members, context.Outside, context.State, actor, command) is { } refusal)
            {
                context.Refuse(actor, refusal);
            }
            else if (!RefusedWhilePaused(context, actor, command))
            {
                Apply(context, actor, command);
            }
        }

        return context.ToDecision();
    }

    /// <summary>
    /// Null when the actor may run the command. Members may do anything. Someone who left the team since taking the
    /// cluster may only let go until the sweep ends their access: give back, refuse a ping, leave the line (otherwise
    /// nobody could release it before then), but not keep it longer or hand it on with a yes. Someone outside the team
    /// who holds nothing is told they are not a member, which says more than "you hold nothing". Someone the cluster's
    /// <c>lease.readOnlyFor</c> admits may take read-only access, and extend, renew and give back that reading.
    /// </summary>
    private static Refusal? MayAct(IReadOnlySet<string> members, OutsideReaders outside, LeaseState state, string actor, LeaseCommand command)
    {
        if (members.Contains(actor))
        {
            return null;
        }

        if (state.HolderOf(actor) is null && command is LeaseCommand.RequestReadOnly)
        {
            return outside.Admit(actor) ? null : Refusal.ReadOnlyNotOpen;
        }

        if (outside.Admit(actor) && state.HolderOf(actor) is null && state.ReaderOf(actor) is not null
            && command is LeaseCommand.Done or LeaseCommand.Extend or LeaseCommand.Auth)
        {
            return null;
        }

        var hasStake = state.HolderOf(actor) is not null || state.ReaderOf(actor) is not null || state.PendingOf(actor) is not null
            || state.WaiterOf(actor) is not null;
        return !hasStake ? Refusal.NotTeamMember
            : command is LeaseCommand.Done or LeaseCommand.Deny or LeaseCommand.Leave ? null
            : command is LeaseCommand.Extend or LeaseCommand.Grant ? Refusal.LeftTeam
            : Refusal.NotTeamMember;
    }

    private static void Apply(Context c, string actor, LeaseCommand command)
    {
        switch (command)
        {
            case LeaseCommand.Request:
                Request(c, actor);
                break;
            case LeaseCommand.RequestReadOnly:
                RequestReadOnly(c, actor);
                break;
            case LeaseCommand.Ping:
                Ping(c, actor);
                break;
            case LeaseCommand.Grant grant:
                Answer(c, actor, grant.User, reason: null);
                break;
            case LeaseCommand.Deny deny:
                Answer(c, actor, deny.User, Words(deny.Reason));
                break;
            case LeaseCommand.Done:
                Done(c, actor);
                break;
            case LeaseCommand.Extend extend:
                Extend(c, actor, extend.By);
                break;
            case LeaseCommand.Auth:
                Auth(c, actor);
                break;
            case LeaseCommand.Wait wait:
                Wait(c, actor, wait.AnyOf);
                break;
            case LeaseCommand.Leave:
                Leave(c, actor);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "unknown lease command");
        }
    }

    private static void Request(Context c, string actor)
    {
        if (c.State.HolderOf(actor) is { } held)
        {
            // Asking again is how people recover a lost kubeconfig: hand it out again, change nothing.
            c.Effects.Add(new Effect.Notify(actor, Notice.Granted, Expires: held.Expires));
            c.Effects.Add(new Effect.IssueCredentials(actor, AccessMode.ReadWrite, held.Expires));
            return;
        }

        if (!c.State.IsFree)
        {
            c.Effects.Add(new Effect.Notify(actor, Notice.InUse, About: c.State.Holders[0].User));
            return;
        }

        if (c.ReservedFor(actor))
        {
            return;
        }

        var expires = c.Now + c.Cluster.Lease.MaxDuration;
        c.DropReader(actor);
        c.DropFromLine(actor);
        c.State = c.State with
        {
            Holders = [new Holder(actor, AccessMode.ReadWrite, c.Now, expires)],
            Pending = [.. c.State.Pending.Where(p => !Same(p.User, actor))],
        };
        c.Effects.Add(new Effect.Notify(actor, Notice.Granted, Expires: expires));
        c.Effects.Add(new Effect.IssueCredentials(actor, AccessMode.ReadWrite, expires));
        c.Summaries.Add($"@{actor} took {c.Cluster.Name} (read-write)");
    }

    private static void RequestReadOnly(Context c, string actor)
    {
        if (c.State.HolderOf(actor) is not null)
        {
            Request(c, actor);
            return;
        }

        if (!c.Cluster.Lease.AllowReadOnly)
        {
            c.Refuse(actor, Refusal.ReadOnlyNotAllowed);
            return;
        }

        var holder = c.State.Holders.Count > 0 ? c.State.Holders[0].User : null;
        if (c.State.ReaderOf(actor) is { } reader)
        {
            c.Effects.Add(new Effect.Notify(actor, Notice.ReadOnlyGranted, About: holder, Expires: reader.Expires));
            c.Effects.Add(new Effect.IssueCredentials(actor, AccessMode.ReadOnly, reader.Expires));
            return;
        }

        var expires = c.Now + c.Cluster.Lease.MaxDuration;
        c.State = c.State with { Readers = [.. c.State.Readers, new Reader(actor, c.Now, expires)] };
        c.Effects.Add(new Effect.Notify(actor, Notice.ReadOnlyGranted, About: holder, Expires: expires));
        c.Effects.Add(new Effect.IssueCredentials(actor, AccessMode.ReadOnly, expires));
        foreach (var h in c.State.Holders)
        {
            c.Effects.Add(new Effect.Notify(h.User, Notice.ReadOnlyTaken, About: actor));
        }

        c.Summaries.Add($"@{actor} got read-only access to {c.Cluster.Name}");
    }

    private static void Ping(Context c, string actor)
    {
        if (c.State.IsFree)
        {
            if (!c.ReservedFor(actor))
            {
                c.Effects.Add(new Effect.Notify(actor, Notice.NotInUse));
            }

            return;
        }

        if (c.State.HolderOf(actor) is not null)
        {
            c.Refuse(actor, Refusal.AlreadyHolder);
            return;
        }

        if (c.State.PendingOf(actor) is not null)
        {
            c.Refuse(actor, Refusal.AlreadyPending);
            return;
        }

        c.State = c.State with { Pending = [.. c.State.Pending, new PendingRequest(actor, c.Now)] };
        c.Effects.Add(new Effect.Notify(actor, Notice.PingSent, About: c.State.Holders[0].User));

        // Ask only for the answer that will work: on a full cluster a yes hands the lease over instead of sharing it.
        // A holder who left the team cannot say yes, so is not asked; the sweep soon frees their share.
        var asks = c.State.Holders.Count < c.Cluster.Lease.MaxHolders ? Notice.AccessRequested : Notice.HandoverRequested;
        foreach (var h in c.State.Holders.Where(h => c.Members.Contains(h.User)))
        {
            c.Effects.Add(new Effect.Notify(h.User, asks, About: actor));
        }

        c.Summaries.Add($"@{actor} asked {string.Join(", ", c.State.Holders.Select(h => "@" + h.User))} for {c.Cluster.Name}");
    }

    /// <summary>
    /// A holder's <c>yes</c> (reason null) or <c>no &lt;reason&gt;</c> to the one waiting (or named) requester. The first
    /// answer settles the request; the other holders are told who answered and how.
    /// </summary>
    private static void Answer(Context c, string actor, string? user, string? reason)
    {
        if (c.State.HolderOf(actor) is null)
        {
            c.Refuse(actor, Refusal.NotHolder);
            return;
        }

        if (user is null && c.State.Pending.Count > 1)
        {
            c.Refuse(actor, Refusal.WhichRequest);
            return;
        }

        var pending = user is not null ? c.State.PendingOf(user) : c.State.Pending.Count == 1 ? c.State.Pending[0] : null;
        if (pending is null)
        {
            c.Refuse(actor, Refusal.NoPendingRequest, about: user);
            return;
        }

        if (reason is null && !c.Members.Contains(pending.User))
        {
            // They pinged as a member and have left the team since: a yes must not make an outsider a holder.
            c.Refuse(actor, Refusal.NotTeamMember, about: pending.User);
            return;
        }

        c.State = c.State with { Pending = [.. c.State.Pending.Where(p => p != pending)] };
        var requester = pending.User;
        if (reason is not null)
        {
            c.Effects.Add(new Effect.Notify(requester, Notice.AccessDenied, About: actor, Reason: reason));
            c.Effects.Add(new Effect.Notify(actor, Notice.DenyConfirmed, About: requester));
            c.Summaries.Add($"@{actor} refused @{requester} access to {c.Cluster.Name}");
            c.Reason = reason;
        }
        else if (c.State.Holders.Count < c.Cluster.Lease.MaxHolders)
        {
            var expires = c.AddHolder(requester);
            c.Effects.Add(new Effect.Notify(requester, Notice.AccessGranted, About: actor, Expires: expires));
            c.Effects.Add(new Effect.IssueCredentials(requester, AccessMode.ReadWrite, expires));
            c.Effects.Add(new Effect.Notify(actor, Notice.GrantConfirmed, About: requester));
            c.Summaries.Add($"@{actor} shared {c.Cluster.Name} with @{requester} (read-write)");
        }
        else
        {
            c.DropHolder(actor);
            var expires = c.AddHolder(requester);
            c.Effects.Add(new Effect.Notify(requester, Notice.HandedOver, About: actor, Expires: expires));
            c.Effects.Add(new Effect.IssueCredentials(requester, AccessMode.ReadWrite, expires));
            c.Effects.Add(new Effect.Notify(actor, Notice.HandoverConfirmed, About: requester));
            c.Summaries.Add($"@{actor} handed {c.Cluster.Name} over to @{requester}");
        }

        foreach (var h in c.State.Holders.Where(h => !Same(h.User, actor) && !Same(h.User, requester)))
        {
            c.Effects.Add(new Effect.Notify(h.User, Notice.AnsweredByOther, About: actor, Reason: reason, Requester: requester));
        }
    }

    private static void Done(Context c, string actor)
    {
        if (c.State.HolderOf(actor) is not null)
        {
            c.Effects.Add(new Effect.Notify(actor, Notice.Released));
            c.DropHolder(actor);
            foreach (var h in c.State.Holders)
            {
                c.Effects.Add(new Effect.Notify(h.User, Notice.HolderReleased, About: actor));
            }

            c.Freed(actor);
            if (c.State.IsFree)
            {
                c.Effects.Add(new Effect.CheckRelease(actor));
            }

            c.Summaries.Add($"@{actor} released {c.Cluster.Name}");
            return;
        }

        if (c.State.ReaderOf(actor) is not null)
        {
            c.Effects.Add(new Effect.Notify(actor, Notice.Released));
            c.DropReader(actor);
            c.Summaries.Add($"@{actor} gave up read-only access to {c.Cluster.Name}");
            return;
        }

        if (c.State.PendingOf(actor) is { } pending)
        {
            c.State = c.State with { Pending = [.. c.State.Pending.Where(p => p != pending)] };
            c.Effects.Add(new Effect.Notify(actor, Notice.Released));
            c.Summaries.Add($"@{actor} withdrew the request for {c.Cluster.Name}");
            return;
        }

        if (c.State.WaiterOf(actor) is not null)
        {
            // `done` is what people type to stop waiting too.
            Leave(c, actor);
            return;
        }

        c.Refuse(actor, Refusal.NothingToRelease);
    }

    /// <param name="asked">The time to add; null (a bare <c>extend</c>): as much as the cluster allows.</param>
    private static void Extend(Context c, string actor, TimeSpan? asked)
    {
        var by = asked ?? c.Cluster.Lease.MaxDuration;
        if (c.State.HolderOf(actor) is null && c.State.ReaderOf(actor) is null)
        {
            c.Refuse(actor, Refusal.NothingToExtend);
            return;
        }

        if (by <= TimeSpan.Zero)
        {
            c.Refuse(actor, by == TimeSpan.Zero ? Refusal.ExtendByNothing : Refusal.ExtendNegative);
            return;
        }

        if (by > c.Cluster.Lease.MaxDuration)
        {
            c.Refuse(actor, Refusal.ExtendTooLong);
            return;
        }

        // `extend 2h` adds two hours to the current end; no lease runs longer than maxDuration from now (that is also
        // what a bare `extend` gives), and extending never shortens one that already runs longer. Less than a minute
        // more is no change: a lease taken a few seconds ago already runs as long as it may, and says so.
        var limit = c.Now + c.Cluster.Lease.MaxDuration;
        DateTimeOffset Extended(DateTimeOffset current) =>
            Earlier(current + by, limit) is var end && end - current >= MinimumExtension ? end : current;
        if (c.State.HolderOf(actor) is { } holder)
        {
            var expires = Extended(holder.Expires);
            c.State = c.State with { Holders = [.. c.State.Holders.Select(h => h == holder ? h with { Expires = expires } : h)] };
            c.Extended(actor, holder.Expires, expires, capped: asked is not null && expires < holder.Expires + by);
        }
        else if (c.State.ReaderOf(actor) is { } reader)
        {
            var expires = Extended(reader.Expires);
            c.State = c.State with { Readers = [.. c.State.Readers.Select(r => r == reader ? r with { Expires = expires } : r)] };
            c.Extended(actor, reader.Expires, expires, capped: asked is not null && expires < reader.Expires + by);
        }
    }

    /// <summary>Hands out what the actor holds again, freshly minted; the lease itself does not change.</summary>
    private static void Auth(Context c, string actor)
    {
        if (c.State.HolderOf(actor) is { } holder)
        {
            c.Reissue(actor, AccessMode.ReadWrite, holder.Expires);
        }
        else if (c.State.ReaderOf(actor) is { } reader)
        {
            c.Reissue(actor, AccessMode.ReadOnly, reader.Expires);
        }
        else
        {
            c.Refuse(actor, Refusal.NothingHeld);
        }
    }

    /// <summary>The least an <c>extend</c> moves a lease's end: less is not worth a commit, nor a "now runs until".</summary>
    private static readonly TimeSpan MinimumExtension = TimeSpan.FromMinutes(1);

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The decision being built: mutable only inside one call of <see cref="Decide"/>.</summary>
    private sealed partial class Context(Cluster cluster, IReadOnlySet<string> members, LeaseState state, DateTimeOffset now)
    {
        public Cluster Cluster { get; } = cluster;

        public IReadOnlySet<string> Members { get; } = members;

        /// <summary>Who outside the team may read the cluster: the sweep leaves their reading alone.</summary>
        public OutsideReaders Outside { get; init; } = OutsideReaders.None;

        public DateTimeOffset Now { get; } = now;

        public LeaseState State { get; set; } = state;

        public List<Effect> Effects { get; } = [];

        public List<string> Summaries { get; } = [];

        /// <summary>A person's words to keep with the commit (a refusal's reason).</summary>
        public string? Reason { get; set; }

        /// <summary>Refusals go to the actor only, so <see cref="LeaseDecision.Refusal"/> is always the actor's.</summary>
        public void Refuse(string actor, Refusal why, string? about = null) =>
            Effects.Add(new Effect.Notify(actor, Notice.Refused, About: about, Why: why));

        public void Extended(string actor, DateTimeOffset before, DateTimeOffset expires, bool capped)
        {
            // Unchanged (the lease already runs as long as it may): say so and name the limit, rather than "now runs
            // until"; moved less than asked: the new end, and why not further.
            var changed = expires != before;
            var notice = !changed ? Notice.ExtendCapped : capped ? Notice.ExtendedToLimit : Notice.Extended;
            Effects.Add(new Effect.Notify(actor, notice, Expires: expires));
            if (changed)
            {
                Summaries.Add($"@{actor} extended {Cluster.Name} until {Timestamps.Human(expires)}");
            }
        }

        public void Reissue(string actor, AccessMode mode, DateTimeOffset expires)
        {
            Effects.Add(new Effect.Notify(actor, Notice.Reissued, Expires: expires));
            Effects.Add(new Effect.IssueCredentials(actor, mode, expires));
        }

        /// <summary>Makes <paramref name="user"/> a read-write holder from now (a reader's read-only access ends); the expiry.</summary>
        public DateTimeOffset AddHolder(string user)
        {
            var expires = Now + Cluster.Lease.MaxDuration;
            DropReader(user);
            DropFromLine(user);
            State = State with { Holders = [.. State.Holders, new Holder(user, AccessMode.ReadWrite, Now, expires)] };
            return expires;
        }

        public void DropHolder(string user)
        {
            State = State with { Holders = [.. State.Holders.Where(h => !Same(h.User, user))] };
            Effects.Add(new Effect.RevokeCredentials(user, AccessMode.ReadWrite));
        }

        public void DropReader(string user)
        {
            if (State.ReaderOf(user) is null)
            {
                return;
            }

            State = State with { Readers = [.. State.Readers.Where(r => !Same(r.User, user))] };
            Effects.Add(new Effect.RevokeCredentials(user, AccessMode.ReadOnly));
        }

        /// <summary>
        /// The cluster is about to be flushed (<paramref name="by"/> null), or a team admin takes it back for
        /// <paramref name="reason"/>: everyone's access ends, waiting pings included; each is told by whom and why.
        /// </summary>
        public void ReclaimAll(string? by = null, string? reason = null)
        {
            if (!State.InUse)
            {
                return;
            }

            var everyone = State.Holders.Select(h => h.User).Concat(State.Readers.Select(r => r.User)).Concat(State.Pending.Select(p => p.User)).ToList();
            foreach (var user in everyone)
            {
                Effects.Add(new Effect.Notify(user, Notice.Reclaimed, About: by, Reason: reason));
            }

            foreach (var h in State.Holders.ToList())
            {
                State = State with { Holders = [.. State.Holders.Where(x => x != h)] };
                Effects.Add(new Effect.RevokeCredentials(h.User, AccessMode.ReadWrite));
            }

            foreach (var r in State.Readers.ToList())
            {
                DropReader(r.User);
            }

            State = State with { Pending = [] };
            var from = string.Join(", ", everyone.Select(u => "@" + u));
            Summaries.Add(by is null ? $"{Cluster.Name} reclaimed for reprovisioning from {from}" : $"@{by} reclaimed {Cluster.Name} from {from}");
            Reason = reason;
            OfferIfFree(freedBy: null);
        }

        /// <summary>Runs out every holder and reader whose expiry has passed.</summary>
        public void SweepExpired()
        {
            var expired = State.Holders.Where(h => h.Expires <= Now).ToList();
            foreach (var h in expired)
            {
                Effects.Add(new Effect.Notify(h.User, Notice.Expired));
                DropHolder(h.User);
                Summaries.Add($"@{h.User}'s lease on {Cluster.Name} expired");
            }

            foreach (var r in State.Readers.Where(r => r.Expires <= Now).ToList())
            {
                Effects.Add(new Effect.Notify(r.User, Notice.Expired));
                DropReader(r.User);
                Summaries.Add($"@{r.User}'s read-only access to {Cluster.Name} expired");
            }

            if (expired.Count > 0)
            {
                Freed(by: null);
            }

            LapseOffer();
            TimeOutPings();

            // A line on a free cluster always has its first offered it (a file from before the line, a hand edit).
            OfferIfFree(freedBy: null);
        }

        /// <summary>
        /// Once nobody holds the cluster, the first in line is offered it, and waiting pings are moot: those people
        /// hear that it is free now (after <paramref name="by"/>'s <c>done</c>, or null when the lease ran out) and
        /// can just request it, or that it is reserved for the first in line.
        /// </summary>
        /// <param name="departed">The holder was removed because they left the team (not by their own <c>done</c>).</param>
        public void Freed(string? by, bool departed = false)
        {
            if (!State.IsFree)
            {
                return;
            }

            OfferIfFree(by);
            foreach (var p in State.Pending.Where(p => State.Offer is not { } offer || !Same(offer.User, p.User)))
            {
                Effects.Add(State.Offer is { } offer
                    ? new Effect.Notify(p.User, Notice.Reserved, About: offer.User, Expires: offer.OfferedUntil)
                    : new Effect.Notify(p.User, departed ? Notice.FreeAfterDeparture : Notice.FreeNow, About: by));
            }

            State = State with { Pending = [] };
        }

        public LeaseDecision ToDecision() =>
            new(State, [.. Effects.Where(Stands)], Summaries.Count == 0 ? null : "lease: " + string.Join("; ", Summaries), Summaries.Count == 0 ? null : Reason);

        /// <summary>An offer made by the sweep and settled by the same command (taken, or its taker left the line) is not sent.</summary>
        private bool Stands(Effect effect) =>
            effect is not Effect.Notify { Notice: Notice.Offered } offered || (State.Offer is { } offer && Same(offer.User, offered.To));
    }
}
