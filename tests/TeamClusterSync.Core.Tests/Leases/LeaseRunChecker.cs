using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using static TeamClusterSync.Core.Tests.Leases.LeaseScenario;

namespace TeamClusterSync.Core.Tests.Leases;

/// <summary>Replays a <see cref="LeaseRun"/> through <see cref="LeaseEngine.Decide"/> and checks every invariant after each step.</summary>
internal static class LeaseRunChecker
{
    private static readonly StringComparer Users = StringComparer.OrdinalIgnoreCase;

    public static void Check(LeaseRun run)
    {
        var cluster = run.Cluster;
        var members = new HashSet<string>(TeamMembers, Users);
        var state = LeaseState.Free(cluster.Name);
        var now = T0;
        for (var i = 0; i < run.Steps.Length; i++)
        {
            var step = run.Steps[i];
            now += step.Advance;
            var actor = step.ResolveActor(state);
            if (step.Command is null)
            {
                _ = members.Remove(actor) || members.Add(actor);
                continue;
            }

            try
            {
                state = CheckStep(cluster, members, state, actor, step.Command, now, run.Churn);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"step {i} ({step}, actor @{actor}) broke an invariant: {e.Message}", e);
            }
        }
    }

    private static LeaseState CheckStep(
        Cluster cluster, IReadOnlySet<string> members, LeaseState before, string actor, LeaseCommand command, DateTimeOffset now, bool churn)
    {
        var swept = LeaseEngine.Decide(cluster, members, before, LeaseEngine.ScheduleActor, new LeaseCommand.Expire(), now);
        var decision = LeaseEngine.Decide(cluster, members, before, actor, command, now);
        var again = LeaseEngine.Decide(cluster, members, before, actor, command, now);
        Assert.True(again.State.SameAs(decision.State) && again.Effects.SequenceEqual(decision.Effects) && again.Summary == decision.Summary, "Decide is not pure");

        var after = decision.State;
        Shape(cluster, after, now);
        Membership(members, before, after, churn, command);
        Commit(before, decision);
        Credentials(members, decision);
        Refusals(members, swept, actor, command, decision);
        Release(swept.State, actor, command, after);
        Take(members, swept.State, actor, command, after);
        Handover(cluster, swept.State, actor, command, decision);
        ReleaseCheck(swept.State, actor, command, decision);
        AnswersAsked(cluster, members, decision, now);
        Line(cluster, members, swept.State, actor, command, decision, now, churn);
        return after;
    }

    /// <summary>Limits, uniqueness and expiry windows that hold for any state the engine returns.</summary>
    private static void Shape(Cluster cluster, LeaseState s, DateTimeOffset now)
    {
        Assert.Equal(cluster.Name, s.Cluster);
        Assert.True(s.Holders.Count <= cluster.Lease.MaxHolders, $"{s.Holders.Count} holders, max {cluster.Lease.MaxHolders}");
        Assert.All(s.Holders, h => Assert.Equal(AccessMode.ReadWrite, h.Mode));
        Distinct(s.Holders.Select(h => h.User), "holders");
        Distinct(s.Readers.Select(r => r.User), "readers");
        Distinct(s.Pending.Select(p => p.User), "pending");
        Distinct(s.Holders.Select(h => h.User).Concat(s.Readers.Select(r => r.User)), "holders and readers");
        Distinct(s.Holders.Select(h => h.User).Concat(s.Pending.Select(p => p.User)), "holders and pending");
        Assert.True(s.Pending.Count == 0 || !s.IsFree, "pending pings on a free cluster");
        Assert.All(s.Pending, p => Assert.True(p.Requested <= now));
        Assert.All(s.Pending, p => Assert.True(p.TimedOut is null || p.TimedOut >= p.Requested + cluster.Lease.PingTimeout, $"@{p.User}'s ping timed out early"));
        Assert.All(s.Pending, p => Assert.True(p.TimedOut is not null || p.Requested + cluster.Lease.PingTimeout > now, $"@{p.User}'s ping is overdue but not timed out"));
        Distinct(s.Line.Select(w => w.User), "the line");
        Distinct(s.Holders.Select(h => h.User).Concat(s.Line.Select(w => w.User)), "holders and the line");
        Assert.All(s.Line.Skip(1), w => Assert.True(w.OfferedUntil is null, $"@{w.User} is offered the cluster but is not first in line"));
        Assert.True(s.IsFree || s.Offer is null, "an offer on a held cluster");
        Assert.True(!s.IsFree || s.Line.Count == 0 || s.Offer is not null, "a free cluster with a line but no offer");
        if (s.Offer is { } offer)
        {
            Assert.True(offer.OfferedUntil > now && offer.OfferedUntil <= now + cluster.Lease.OfferWindow, $"@{offer.User}'s offer runs until {offer.OfferedUntil:O}, now {now:O}");
        }

        var windows = s.Holders.Select(h => (h.User, h.Since, h.Expires)).Concat(s.Readers.Select(r => (r.User, r.Since, r.Expires)));
        foreach (var (user, since, expires) in windows)
        {
            Assert.True(since <= now, $"@{user} since {since:O} is in the future");
            Assert.True(expires > since, $"@{user} expires {expires:O} not after since {since:O}");
            Assert.True(expires > now, $"@{user} expired at {expires:O} but survived the sweep at {now:O}");
            Assert.True(expires <= now + cluster.Lease.MaxDuration, $"@{user} expires {expires:O}, beyond max duration from {now:O}");
        }
    }

    /// <summary>
    /// Nobody outside the team gains access; with a fixed team, nobody outside it ever has any, nor after a sweep that
    /// ends the departed's access.
    /// </summary>
    private static void Membership(IReadOnlySet<string> members, LeaseState before, LeaseState after, bool churn, LeaseCommand command)
    {
        var gainedWrite = after.Holders.Where(h => before.HolderOf(h.User) is not { } old || old.Since != h.Since).Select(h => h.User);
        var gainedRead = after.Readers.Where(r => before.ReaderOf(r.User) is not { } old || old.Since != r.Since).Select(r => r.User);
        foreach (var user in gainedWrite.Concat(gainedRead))
        {
            Assert.True(members.Contains(user), $"@{user} gained access but is not a team member");
        }

        if (!churn || command is LeaseCommand.Expire { EndDeparted: true })
        {
            var everyone = after.Holders.Select(h => h.User).Concat(after.Readers.Select(r => r.User)).Concat(after.Pending.Select(p => p.User))
                .Concat(after.Line.Select(w => w.User));
            var outsiders = everyone.Where(u => !members.Contains(u)).ToList();
            Assert.True(outsiders.Count == 0, $"outside the team but in the lease: {string.Join(", ", outsiders)}");
        }
    }

    /// <summary>A summary exactly when the state changed: nothing committed is lost, no empty commits.</summary>
    private static void Commit(LeaseState before, LeaseDecision decision)
    {
        Assert.Equal(decision.Summary is not null, decision.Changed);
        Assert.Equal(decision.Summary is null, decision.State.SameAs(before));
        if (decision.Summary is not null)
        {
            Assert.StartsWith("lease: @", decision.Summary);
        }
    }

    /// <summary>
    /// Credentials go only to current members and match what the state records; revoked access is gone unless the
    /// same decision hands it out afresh (an expired holder taking the cluster again at once).
    /// </summary>
    private static void Credentials(IReadOnlySet<string> members, LeaseDecision decision)
    {
        var s = decision.State;
        var effects = decision.Effects;
        for (var i = 0; i < effects.Count; i++)
        {
            switch (effects[i])
            {
                case LeaseEffect.IssueCredentials issue:
                    Assert.Contains(issue.User, members);
                    var recorded = issue.Mode == AccessMode.ReadWrite ? s.HolderOf(issue.User)?.Expires : s.ReaderOf(issue.User)?.Expires;
                    Assert.Equal(issue.Expires, recorded);
                    break;
                case LeaseEffect.RevokeCredentials revoke:
                    var stillHas = revoke.Mode == AccessMode.ReadWrite ? s.HolderOf(revoke.User) is not null : s.ReaderOf(revoke.User) is not null;
                    var reissued = effects.Skip(i + 1).OfType<LeaseEffect.IssueCredentials>()
                        .Any(e => Users.Equals(e.User, revoke.User) && e.Mode == revoke.Mode);
                    Assert.True(!stillHas || reissued, $"@{revoke.User}'s {revoke.Mode} access revoked but still recorded");
                    break;
            }
        }
    }

    /// <summary>
    /// A refused command changes nothing beyond the sweep that runs before every command, and the refusal goes to
    /// the actor alone. Someone outside the team who holds nothing is always refused as such.
    /// </summary>
    private static void Refusals(IReadOnlySet<string> members, LeaseDecision swept, string actor, LeaseCommand command, LeaseDecision decision)
    {
        var refusals = decision.Effects.OfType<LeaseEffect.Notify>().Where(n => n.Notice == Notice.Refused).ToList();
        Assert.True(refusals.Count <= 1, "more than one refusal");
        Assert.All(refusals, r => Assert.Equal(actor, r.To));
        if (decision.Refusal is not null)
        {
            Assert.True(decision.State.SameAs(swept.State), $"refused ({decision.Refusal}) but the state changed");
            Assert.Equal(swept.Summary, decision.Summary);
            Assert.Equal(swept.Effects.Append(refusals[0]), decision.Effects);
        }

        var s = swept.State;
        var outsider = !members.Contains(actor) && s.HolderOf(actor) is null && s.ReaderOf(actor) is null && s.PendingOf(actor) is null
            && s.WaiterOf(actor) is null;
        if (outsider && command is not LeaseCommand.Expire)
        {
            Assert.Equal(command is LeaseCommand.RequestReadOnly ? Refusal.ReadOnlyNotOpen : Refusal.NotTeamMember, decision.Refusal);
        }
    }

    /// <summary><c>done</c> by a holder removes exactly that holder; everyone else keeps what they had.</summary>
    private static void Release(LeaseState swept, string actor, LeaseCommand command, LeaseState after)
    {
        if (command is not LeaseCommand.Done || swept.HolderOf(actor) is not { } holder)
        {
            return;
        }

        Assert.Equal(swept.Holders.Where(h => h != holder), after.Holders);
        Assert.Equal(swept.Readers, after.Readers);
        Assert.Equal(after.IsFree ? [] : swept.Pending, after.Pending);
    }

    /// <summary>A member asking for a free cluster gets it, unless it is offered to someone else right now; then they do not.</summary>
    private static void Take(IReadOnlySet<string> members, LeaseState swept, string actor, LeaseCommand command, LeaseState after)
    {
        if (command is not LeaseCommand.Request || !swept.IsFree || !members.Contains(actor))
        {
            return;
        }

        var reservedForOther = swept.Offer is { } offer && !Users.Equals(offer.User, actor);
        Assert.Equal(reservedForOther ? [] : [actor], after.Holders.Select(h => h.User));
    }

    /// <summary>An accepted yes gives the requester the cluster: shared while there is room, else the actor hands over their share.</summary>
    private static void Handover(Cluster cluster, LeaseState swept, string actor, LeaseCommand command, LeaseDecision decision)
    {
        if (command is not LeaseCommand.Grant || decision.Refusal is not null)
        {
            return;
        }

        var after = decision.State;
        var requester = Assert.Single(after.Holders, h => swept.HolderOf(h.User) is null).User;
        Assert.Null(after.PendingOf(requester));
        if (swept.Holders.Count < cluster.Lease.MaxHolders)
        {
            Assert.Equal(swept.Holders.Count + 1, after.Holders.Count);
            Assert.NotNull(after.HolderOf(actor));
        }
        else
        {
            Assert.Equal(swept.Holders.Count, after.Holders.Count);
            Assert.Null(after.HolderOf(actor));
            Assert.Contains(new LeaseEffect.RevokeCredentials(actor, AccessMode.ReadWrite), decision.Effects);
        }
    }

    /// <summary>The cluster is checked exactly when the last read-write holder's <c>done</c> leaves it free, and by that holder.</summary>
    private static void ReleaseCheck(LeaseState swept, string actor, LeaseCommand command, LeaseDecision decision)
    {
        var expected = command is LeaseCommand.Done && swept.HolderOf(actor) is not null && decision.State.IsFree;
        var checks = decision.Effects.OfType<LeaseEffect.CheckRelease>().ToList();
        Assert.Equal(expected ? [new LeaseEffect.CheckRelease(swept.HolderOf(actor)!.User)] : [], checks);
    }

    /// <summary>The bot never asks for an answer it would refuse: a holder asked about a member's ping can say yes to it at once.</summary>
    private static void AnswersAsked(Cluster cluster, IReadOnlySet<string> members, LeaseDecision decision, DateTimeOffset now)
    {
        var asked = decision.Effects.OfType<LeaseEffect.Notify>().Where(n => n.Notice is Notice.AccessRequested or Notice.HandoverRequested);
        foreach (var ask in asked.Where(a => members.Contains(a.About!)))
        {
            var yes = LeaseEngine.Decide(cluster, members, decision.State, ask.To, new LeaseCommand.Grant(ask.About), now);
            Assert.True(yes.Refusal is null, $"@{ask.To} was asked about @{ask.About} but a yes is refused ({yes.Refusal})");
        }
    }

    /// <summary>
    /// The line keeps its order (nobody jumps ahead of anyone), an offer goes only to the first in line of the new
    /// state and only to a team member, the one offered is the only one who can take a reserved cluster, and only
    /// <c>wait</c> adds to the line, at its end.
    /// </summary>
    private static void Line(
        Cluster cluster, IReadOnlySet<string> members, LeaseState swept, string actor, LeaseCommand command, LeaseDecision decision, DateTimeOffset now, bool churn)
    {
        var after = decision.State;
        var kept = swept.Line.Select(w => w.User).Where(u => after.WaiterOf(u) is not null).ToList();
        Assert.Equal(kept, after.Line.Select(w => w.User).Take(kept.Count));
        var added = after.Line.Skip(kept.Count).Select(w => w.User).ToList();
        Assert.True(added.Count == 0 || (command is LeaseCommand.Wait && added.SequenceEqual([actor], Users)), $"joined the line: {string.Join(", ", added)}");

        var offers = decision.Effects.OfType<LeaseEffect.Notify>().Where(n => n.Notice == Notice.Offered).ToList();
        Assert.True(offers.Count <= 1, "more than one offer in one decision");
        foreach (var o in offers)
        {
            Assert.Equal(after.Offer?.User, o.To);
            Assert.Equal(after.Offer!.OfferedUntil, o.Expires);
            Assert.True(members.Contains(o.To), $"@{o.To} was offered {cluster.Name} but is not on the team");
            Assert.Equal(now + cluster.Lease.OfferWindow, o.Expires);
        }

        if (swept.IsFree && swept.Offer is { } offer && !after.IsFree)
        {
            Assert.True(Users.Equals(after.Holders[0].User, offer.User), $"@{after.Holders[0].User} took {cluster.Name} while it was offered to @{offer.User}");
        }

        if (!churn)
        {
            Assert.All(after.Line, w => Assert.Contains(w.User, members));
        }
    }

    private static void Distinct(IEnumerable<string> users, string what)
    {
        var list = users.ToList();
        Assert.True(list.Distinct(Users).Count() == list.Count, $"a user twice among {what}: {string.Join(", ", list)}");
    }
}
