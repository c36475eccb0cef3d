using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.App.Messages;

/// <summary>
/// Turns a committed lease decision into words, in the order the request's transcript shows them: the console
/// URL, the kubeconfig, then what to do next. Credentials issued for the decision ride on the message that
/// announces them; the release check's outcome (<paramref name="check"/>, null when none ran or it failed) goes to
/// the holder when the cluster was left dirty, and into the team channel's "free" notice. A grant taken back because
/// its credentials could not be issued (<paramref name="undone"/>: the provider's reason by credential key) is
/// announced as such, with the command to try again, and nobody else is told of access that never happened.
/// <paramref name="notReady"/> says what the provider is doing when credentials could not go out because the cluster
/// does not run yet (the grant stands; they follow once it runs).
/// </summary>
internal sealed class LeaseReplies(
    Cluster cluster,
    Team team,
    LeaseState before,
    IReadOnlyDictionary<string, Attachment?> credentials,
    ReleaseCheck? check = null,
    IReadOnlyDictionary<string, string>? undone = null,
    string? notReady = null)
{
    private const string DoneHint = "use `teamcluster done` when you're done";

    /// <summary>Said with a grant whose kubeconfig the provider could not issue.</summary>
    internal const string NotIssued =
        "(the kubeconfig could not be issued just now; your access is recorded, and `teamcluster auth` sends it once the provider answers again)";

    private readonly List<OutgoingMessage> messages = [];

    /// <summary>The global admins (<c>admins:</c> in <c>teamclustersync.yaml</c>), named when a lead action is refused.</summary>
    public IReadOnlyList<string> GlobalAdmins { get; init; } = [];

    /// <summary>The state the decision left, for naming who holds or waits now.</summary>
    private LeaseState after = LeaseState.Free(cluster.Name);

    /// <summary>Key for <c>credentials</c>: one kubeconfig per user and mode in a decision.</summary>
    public static string CredentialKey(string user, AccessMode mode) => $"{user.ToLowerInvariant()}/{mode}";

    public IReadOnlyList<OutgoingMessage> Render(LeaseDecision decision)
    {
        after = decision.State;
        foreach (var notify in decision.Effects.OfType<Effect.Notify>())
        {
            Render(notify);
        }

        if (decision.Effects.OfType<Effect.CheckRelease>().FirstOrDefault() is { } release)
        {
            ReportCheck(release.By);
        }

        if (!before.IsFree && decision.State.IsFree && team.SlackChannel is { } channel)
        {
            messages.Add(new(new Recipient.Channel(channel), decision.State.Offer is { } offer
                ? $"{cluster.Name} is free{ReleaseText.Notice(check)}: offered to @{offer.User}, first in line, until {When(offer.OfferedUntil)}"
                : decision.State.Reprovision is { } asked
                ? $"{cluster.Name} is free{ReleaseText.Notice(check)}: it is reprovisioned first, as @{asked.By} asked, and can be requested once rebuilt"
                : $"{cluster.Name} is free{ReleaseText.Notice(check)}: use `teamcluster request` to take it"));
        }

        return messages;
    }

    private string Url => cluster.ConsoleUrl;

    private string Holders => Names(after.Holders.Select(h => h.User));

    private string Max => DurationFormat.Format(cluster.Lease.MaxDuration);

    /// <summary><c>@a</c>, <c>@a and @b</c>, <c>@a, @b and @c</c>.</summary>
    internal static string Names(IEnumerable<string> users)
    {
        var names = users.Select(u => "@" + u).ToList();
        return names.Count < 2 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    private void Render(Effect.Notify n)
    {
        if (Undone(n) is { } words)
        {
            if (words.Length > 0)
            {
                Say(n.To, words);
            }

            return;
        }

        var about = "@" + n.About;
        switch (n.Notice)
        {
            case Notice.Granted when before.HolderOf(n.To) is not null:
                WithCredentials(n.To, AccessMode.ReadWrite, $"you already hold cluster {Url}; here is your kubeconfig again");
                break;
            case Notice.Granted:
                WithCredentials(n.To, AccessMode.ReadWrite, $"cluster {Url} is currently available");
                Say(n.To, $"{DoneHint} (your lease runs until {When(n.Expires)})");
                break;
            case Notice.InUse:
                Say(n.To, $"cluster {Url} is in use by {Holders}");
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"use `teamcluster ping` to send a message to {Holders} requesting current credentials",
                    Buttons: after.WaiterOf(n.To) is null ? [new("Wait in line", Command("wait"))] : null));
                break;
            case Notice.ReadOnlyGranted:
                WithCredentials(n.To, AccessMode.ReadOnly, after.IsFree ? $"cluster {Url} is currently available" : $"cluster {Url} is in use by {Holders}");
                Say(n.To, "You requested read-only access, please avoid changing the cluster");
                break;
            case Notice.ReadOnlyTaken:
                Say(n.To, $"User {about} requested readonly access");
                break;
            case Notice.PingSent:
                Say(n.To, $"I asked {Holders} for access to {cluster.Name}; you will hear back here"
                    + (after.WaiterOf(n.To) is null ? " (or `teamcluster wait` to get in line for when it is free)" : ""));
                break;
            case Notice.AccessRequested:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"user {about} has requested access, reply \"yes\" to grant, \"no <reason>\" to indicate refusal",
                    Buttons: Answers("Grant", about)));
                break;
            case Notice.HandoverRequested:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"user {about} has requested access; {cluster.Name} takes {HolderCount} at a time, so reply \"yes\" to hand it over "
                    + "(your access ends), \"no <reason>\" to indicate refusal",
                    Buttons: Answers("Hand over", about)));
                break;
            case Notice.HandedOver:
                WithCredentials(n.To, AccessMode.ReadWrite, $"{about} handed cluster {Url} over to you");
                Say(n.To, $"{DoneHint} (your lease runs until {When(n.Expires)})");
                break;
            case Notice.HandoverConfirmed:
                Say(n.To, $"you handed {cluster.Name} over to {about}; your access to it ended");
                break;
            case Notice.AnsweredByOther:
                Say(n.To, AnsweredByOther(n));
                break;
            case Notice.AccessGranted:
                WithCredentials(n.To, AccessMode.ReadWrite, $"{about} granted you access to cluster {Url}");
                Say(n.To, $"{DoneHint} (your access runs until {When(n.Expires)})");
                break;
            case Notice.GrantConfirmed:
                Say(n.To, $"{about} now has access to {cluster.Name} too");
                break;
            case Notice.AccessDenied:
                Say(n.To, $"{about} refused your request for {cluster.Name}: {n.Reason}");
                break;
            case Notice.DenyConfirmed:
                Say(n.To, $"I told {about} no");
                break;
            case Notice.Released when !after.IsFree:
                Say(n.To, $"you released {cluster.Name}, thanks! The cluster stays held by {Holders}");
                break;
            case Notice.Released when after.Offer is { } offer:
                Say(n.To, $"you released {cluster.Name}, thanks! It is offered to @{offer.User}, first in line, until {When(offer.OfferedUntil)}");
                break;
            case Notice.Released when after.Reprovision is { } rebuild && after.Readers.Count == 0:
                Say(n.To, $"you released {cluster.Name}, thanks! It is reprovisioned now, as @{rebuild.By} asked, before anyone takes it again");
                break;
            case Notice.Released:
                Say(n.To, $"you released {cluster.Name}, thanks! The next user can take it with `teamcluster request`");
                break;
            case Notice.HolderReleased:
                Say(n.To, $"{about} is done with {cluster.Name}; you still hold it");
                break;
            case Notice.Extended:
                Say(n.To, $"your access to {cluster.Name} now runs until {When(n.Expires)}");
                break;
            case Notice.ExtendedToLimit:
                Say(n.To, $"your access to {cluster.Name} now runs until {When(n.Expires)}, the most it can (a lease runs at most {Max} from now)");
                break;
            case Notice.ExtendCapped:
                Say(n.To, $"your access to {cluster.Name} already runs until {When(n.Expires)}, so nothing changed (a lease runs at most {Max} from now)");
                break;
            case Notice.Reissued:
                WithCredentials(
                    n.To,
                    after.HolderOf(n.To) is not null ? AccessMode.ReadWrite : AccessMode.ReadOnly,
                    $"here is a fresh kubeconfig for cluster {Url}; your access runs until {When(n.Expires)}");
                break;
            case Notice.FreeNow:
                Say(n.To, FreeNow(n.About is null ? $"the lease on {cluster.Name} ran out" : $"{about} is done with {cluster.Name}", "the cluster", after));
                break;
            case Notice.FreeAfterDeparture:
                Say(n.To, FreeNow($"{about} is no longer on team {team.Name}", cluster.Name, after));
                break;
            case Notice.Expired:
                Say(n.To, $"your lease on {cluster.Name} ran out and was released");
                break;
            case Notice.Reclaimed when n.About is { } admin:
                Say(n.To, $"@{admin}, an admin of team {team.Name}, took {cluster.Name} back: {n.Reason}. Your access to it ended");
                break;
            case Notice.Reclaimed when before.Reprovision is { } asked:
                Say(n.To, $"{cluster.Name} is being reprovisioned, as @{asked.By} asked: {asked.Reason}. Your access to it ended; "
                    + "it will be fresh for the next `teamcluster request`");
                break;
            case Notice.Reclaimed:
                Say(n.To, $"{cluster.Name} is being reprovisioned on its schedule, so your access to it ended; "
                    + "it will be fresh for the next `teamcluster request`");
                break;
            case Notice.ReprovisionConfirmed:
                ReprovisionAsked(n.To, n.Reason!);
                break;
            case Notice.ReclaimConfirmed:
                Reclaimed(n.To, n.Reason!);
                break;
            case Notice.PauseConfirmed:
                Say(n.To, $"{cluster.Name} is paused: nobody gets new access until an admin runs `teamcluster resume {cluster.Name}`; "
                    + "who holds it keeps it, and the line is kept");
                Channel($"@{n.To} paused {cluster.Name}: {n.Reason}. Requests are refused until it is resumed; `teamcluster wait` keeps a place in line");
                break;
            case Notice.ResumeConfirmed:
                Say(n.To, $"{cluster.Name} is in use again: it can be requested" + (after.Offer is { } next ? $" (offered first to @{next.User}, first in line)" : ""));
                Channel($"@{n.To} resumed {cluster.Name}: it can be requested again");
                break;
            case Notice.RemovedFromTeam:
                Say(n.To, $"you are no longer on team {team.Name}, so your access to {cluster.Name} ended (its credentials are revoked, "
                    + $"your place in line and any request are gone); a team admin ({Names(team.Admins)}) can add you back in teams/{team.Name}.yaml");
                Channel($"@{n.To} is no longer on team {team.Name}, so their access to {cluster.Name} ended");

                break;
            case Notice.ReadingClosed:
                Say(n.To, $"your read-only access to {cluster.Name} ended: it is open to team {team.Name}"
                    + (cluster.Lease.ReadOnlyFor is { Teams.Count: > 0 } open ? $" and team {string.Join(", ", open.Teams)}" : "")
                    + $" and you are on none of them now; a team admin ({Names(team.Admins)}) can open it with lease.readOnlyFor in clusters/{cluster.Name}.yaml");
                break;
            case Notice.NotInUse:
                Say(n.To, $"cluster {Url} is not in use: take it with `teamcluster request`");
                break;
            case Notice.InLine:
                Say(n.To, InLine(n.To));
                break;
            case Notice.LeftLine:
                Say(n.To, $"you left the line for {cluster.Name}");
                break;
            case Notice.LeftForOffer:
                Say(n.To, $"you left the line for {cluster.Name}, since {n.Reason} is offered to you (you waited for the first free of them)");
                break;
            case Notice.Offered:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"{Freed(n.About)}, and you are first in line: it is yours if you take it by {When(n.Expires)} with `teamcluster request`",
                    Buttons: [new("Take it", Command("request"), Primary: true), new("Leave the line", Command("leave"))]));
                break;
            case Notice.OfferLapsed:
                Say(n.To, $"you did not take {cluster.Name} by {When(n.Expires)}, so it went to the next in line and you left the line; "
                    + "`teamcluster wait` gets you back in at the end");
                break;
            case Notice.Reserved:
                Say(n.To, $"{cluster.Name} is free but reserved for @{n.About}, first in line, until {When(n.Expires)}; "
                    + (after.WaiterOf(n.To) is { } waiting ? $"you are in line (place {Place(waiting)})" : "`teamcluster wait` gets you in line"));
                break;
            case Notice.PingUnanswered:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"{Holders} did not answer your request for {cluster.Name} within {DurationFormat.Format(cluster.Lease.PingTimeout)}; "
                    + "I reminded them, and your request stays open. `teamcluster wait` puts you in line for when the cluster is free",
                    Buttons: after.WaiterOf(n.To) is null ? [new("Wait in line", Command("wait"), Primary: true)] : null));
                break;
            case Notice.PingReminder:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"reminder: user {about} asked for access to {cluster.Name} {DurationFormat.Format(cluster.Lease.PingTimeout)} ago and is still waiting; "
                    + "reply \"yes\" to grant, \"no <reason>\" to indicate refusal",
                    Buttons: Answers("Grant", about)));
                break;
            case Notice.Refused:
                Say(n.To, Refused(n.Why ?? throw new ArgumentException("a refusal without a reason", nameof(n)), n.To, n.About));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(n), n.Notice, "no words for this notice");
        }
    }

    private string Refused(Refusal why, string actor, string? about) => why switch
    {
        Refusal.NotTeamMember when about is not null =>
            $"@{about} is no longer a member of team {team.Name}, so they cannot be given {cluster.Name}; answer `no @{about} <reason>` to clear the request",
        Refusal.NotTeamMember =>
            $"sorry @{actor}, {cluster.Name} belongs to team {team.Name} and you are not a member. "
            + $"A team admin ({string.Join(", ", team.Admins.Select(a => "@" + a))}) can add you in teams/{team.Name}.yaml",
        Refusal.AlreadyHolder => $"you already hold {cluster.Name}",
        Refusal.AlreadyPending => $"you already asked for {cluster.Name}; still waiting for an answer",
        Refusal.ReadOnlyNotAllowed => $"{cluster.Name} does not offer read-only access; use `teamcluster ping` to ask the holder",
        Refusal.NotHolder => $"only a holder of {cluster.Name} can answer access requests",
        Refusal.NoPendingRequest when about is not null => $"@{about} is not waiting for an answer about {cluster.Name}",
        Refusal.NoPendingRequest => $"nobody is waiting for an answer about {cluster.Name}",
        Refusal.WhichRequest => WhichRequest(),
        Refusal.NothingToRelease => $"you don't hold {cluster.Name}, so there is nothing to release",
        Refusal.NothingToExtend => $"you don't hold {cluster.Name}; take it with `teamcluster request`",
        Refusal.ExtendTooLong => $"you can extend {cluster.Name} by at most {Max}",
        Refusal.ExtendByNothing => $"extending by nothing changes nothing; say how long, e.g. `teamcluster extend 2h` (at most {Max})",
        Refusal.ExtendNegative => $"`extend` only adds time; to give {cluster.Name} back early, use `teamcluster done`",
        Refusal.NothingHeld => $"you hold nothing on {cluster.Name}, so there are no credentials to send; take it with `teamcluster request`",
        Refusal.AlreadyInLine => $"you are already in line for {cluster.Name} ({InLine(actor)})",
        Refusal.NotInLine => $"you are not in line for {cluster.Name}, so there is nothing to leave",
        Refusal.ReadOnlyNotOpen =>
            $"sorry @{actor}, {cluster.Name} belongs to team {team.Name} and you are not a member, and it gives read-only access "
            + (cluster.Lease.ReadOnlyFor is { Teams.Count: > 0 } open ? $"beyond its team only to team {string.Join(", ", open.Teams)}" : "only to its team")
            + $". A team admin ({Names(team.Admins)}) can open it to your team with lease.readOnlyFor in clusters/{cluster.Name}.yaml",
        Refusal.NotAdmin => $"only an admin of team {team.Name} ({Names(team.Admins)})"
            + (GlobalAdmins.Count > 0 ? $" or a global admin ({Names(GlobalAdmins)})" : "")
            + $" can reclaim, pause, resume or reprovision {cluster.Name}",
        Refusal.NothingToReclaim => $"nobody holds, reads or asked for {cluster.Name}, so there is nothing to reclaim",
        Refusal.Paused when after.Paused is { } paused =>
            $"{cluster.Name} is paused by @{paused.By} since {When(paused.Since)}: {paused.Reason}. Nobody gets new access until an admin resumes it; "
            + "`teamcluster wait` keeps your place in line",
        Refusal.Reprovisioning when after.Reprovision is { } asked =>
            $"{cluster.Name} is about to be reprovisioned, as @{asked.By} asked: {asked.Reason}. It can be requested again once it is rebuilt, "
            + "in a few minutes; `teamcluster wait` gets you in line for it",
        Refusal.AlreadyReprovisioning when after.Reprovision is { } asked =>
            $"@{asked.By} already asked to reprovision {cluster.Name} ({asked.Reason}); `teamcluster reprovision {cluster.Name} now <reason>` does it at once",
        Refusal.AlreadyPaused => $"{cluster.Name} is already paused; `teamcluster resume {cluster.Name}` puts it back in use",
        Refusal.NotPaused => $"{cluster.Name} is not paused, so there is nothing to resume",
        Refusal.LeftTeam =>
            $"you are no longer on team {team.Name}, so you cannot keep {cluster.Name} longer or hand it on; your access ends within a minute, "
            + "or now with `teamcluster done`",
        _ => throw new ArgumentOutOfRangeException(nameof(why), why, "no words for this refusal"),
    };

    /// <summary>The admin hears whom they took the cluster from (the state before), and the team channel hears it too.</summary>
    private void Reclaimed(string admin, string reason)
    {
        var from = before.Holders.Select(h => h.User).Concat(before.Readers.Select(r => r.User)).Concat(before.Pending.Select(p => p.User))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Say(admin, $"you took {cluster.Name} back from {Names(from)}; they were told it was you and why");
        Channel($"@{admin} took {cluster.Name} back from {Names(from)}: {reason}");
    }

    /// <summary>
    /// The admin hears when the rebuild happens: on the next sweep once nobody holds or reads the cluster (with
    /// <c>now</c>, everyone's access ended first), else as its reprovision policy says; the team channel hears it too.
    /// </summary>
    private void ReprovisionAsked(string admin, string reason)
    {
        var from = before.Holders.Select(h => h.User).Concat(before.Readers.Select(r => r.User)).Concat(before.Pending.Select(p => p.User))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var when = !after.HeldOrRead
            ? (from.Count > 0 ? $"you took it back from {Names(from)} (they were told it was you and why); " : "")
                + "it is rebuilt within a minute, and nobody gets new access until then"
            : cluster.Reprovision.WhenLeased == WhenLeased.Force
            ? "its policy (whenLeased: force) rebuilds it within a minute, ending everyone's access"
            : "it is rebuilt as its schedule would, once nobody holds or reads it"
                + (cluster.Reprovision.ForceAfter is { } force ? $" (or in {DurationFormat.Format(force)} at the latest, its forceAfter)" : "")
                + $"; `teamcluster reprovision {cluster.Name} now <reason>` does it at once";
        Say(admin, $"{cluster.Name} will be reprovisioned: {when}");
        Channel($"@{admin} asked to reprovision {cluster.Name}: {reason}");
    }

    private void Channel(string text)
    {
        if (team.SlackChannel is { } channel)
        {
            messages.Add(new(new Recipient.Channel(channel), text));
        }
    }

    /// <summary>The two answers a holder is asked for, as buttons: <paramref name="yes"/> and Refuse.</summary>
    private static ReplyButton[] Answers(string yes, string about) =>
        [new(yes, $"yes {about}", Primary: true), new("Refuse", $"no {about} no reason given")];

    /// <summary>
    /// For a notice about a grant that was taken back: what to say instead (empty: say nothing); null when the notice
    /// is not about one.
    /// </summary>
    private string? Undone(Effect.Notify n)
    {
        string? Reason(string? user, AccessMode mode) => user is not null && undone?.TryGetValue(CredentialKey(user, mode), out var r) == true ? r : null;
        const string taken = "no credentials could be issued for it, so the access was taken back";
        return n.Notice switch
        {
            Notice.Granted or Notice.AccessGranted or Notice.HandedOver when Reason(n.To, AccessMode.ReadWrite) is { } r =>
                $"I could not get credentials for {cluster.Name} from its provider: {r}. Your access was taken back, so nothing is held in your name; "
                + $"try again with `{Command(n.Notice == Notice.Granted ? "request" : "ping")}`",
            Notice.ReadOnlyGranted when Reason(n.To, AccessMode.ReadOnly) is { } r =>
                $"I could not get read-only credentials for {cluster.Name} from its provider: {r}. Nothing is held in your name; try again with `{Command("request ro")}`",
            Notice.ReadOnlyTaken when Reason(n.About, AccessMode.ReadOnly) is not null => "",
            Notice.AnsweredByOther when n.Reason is null && Reason(n.Requester, AccessMode.ReadWrite) is not null => "",
            Notice.GrantConfirmed when Reason(n.About, AccessMode.ReadWrite) is not null =>
                $"you said yes to @{n.About} for {cluster.Name}, but {taken}; nothing changed for you",
            Notice.HandoverConfirmed when Reason(n.About, AccessMode.ReadWrite) is not null =>
                $"you handed {cluster.Name} over to @{n.About}, but {taken}; your own access had already ended, so the cluster is free: "
                + $"`{Command("request")}` takes it back",
            _ => null,
        };
    }

    private string Command(string verb) => $"teamcluster {verb} {cluster.Name}";

    private int Place(Waiter waiter) => after.Line.ToList().IndexOf(waiter) + 1;

    /// <summary>Where the actor stands: "place 2 in line for X, after @a".</summary>
    private string InLine(string user)
    {
        var waiter = after.WaiterOf(user)!;
        var ahead = after.Line.TakeWhile(w => w != waiter).Select(w => w.User).ToList();
        var holders = after.IsFree ? "" : $"; {Holders} {(after.Holders.Count == 1 ? "holds" : "hold")} it";
        var anyOf = waiter.AnyOf ? " (whichever of your lines offers you a cluster first, you leave the others then)" : "";
        return InLine(ahead, holders) + anyOf;
    }

    private string InLine(List<string> ahead, string holders) =>
        ahead.Count == 0 && after.Paused is not null
            ? $"you are first in line for {cluster.Name}{holders}; it is paused, and I will offer it to you here once it is resumed and free"
            : ahead.Count == 0
            ? $"you are first in line for {cluster.Name}{holders}; I will offer it to you here when it is free"
            : $"you are in line for {cluster.Name}, place {ahead.Count + 1}, after {Names(ahead)}{holders}; I will tell you here when it is your turn";

    /// <summary>To someone whose ping the release made moot: the cluster is theirs to request, unless a lead's rebuild comes first.</summary>
    private static string FreeNow(string why, string it, LeaseState after) => after.Reprovision is { } rebuild
        ? $"{why}, so {it} is free, but it is reprovisioned first, as @{rebuild.By} asked: {rebuild.Reason}. `teamcluster request` takes it once it is rebuilt"
        : $"{why}, so {it} is free now: take it with `teamcluster request`";

    private string Freed(string? by) => by is null ? $"{cluster.Name} is free" : $"@{by} is done with {cluster.Name}, so it is free";

    private string HolderCount => cluster.Lease.MaxHolders == 1 ? "one holder" : $"{cluster.Lease.MaxHolders} holders";

    private string AnsweredByOther(Effect.Notify n) =>
        n.Reason is not null ? $"@{n.About} answered @{n.Requester}'s request for {cluster.Name}: no ({n.Reason})"
        : after.HolderOf(n.About!) is null ? $"@{n.About} handed {cluster.Name} over to @{n.Requester}; you still hold it"
        : $"@{n.About} answered @{n.Requester}'s request for {cluster.Name}: yes, @{n.Requester} has access too now";

    private string WhichRequest()
    {
        var first = after.Pending[0].User;
        return $"{after.Pending.Count} people are waiting for {cluster.Name}: {Names(after.Pending.Select(p => p.User))}; "
            + $"say whom you answer, e.g. `yes @{first}` or `no @{first} <reason>`";
    }

    /// <summary>A dirty cluster is the holder's to answer: restore it now, or leave it (to be reprovisioned early, where the cluster says so).</summary>
    private void ReportCheck(string holder)
    {
        if (check is null)
        {
            Say(holder, $"I could not check {cluster.Name} after your release (the provider did not answer); it may need a look before the next user");
        }
        else if (check.Outcome == ReleaseOutcome.Dirty)
        {
            messages.Add(new(
                new Recipient.User(holder),
                $"I checked {cluster.Name} after your release and it is not clean: {check.Problems}. "
                + "Reply `teamcluster restore` and I scale the cluster-version-operator back up and clear the ClusterVersion overrides, "
                + $"or `teamcluster keep` to keep it as it is ({ReleaseText.WhenLeft(cluster)})",
                Buttons: [new("Restore", $"teamcluster restore {cluster.Name}", Primary: true), new("Keep it", $"teamcluster keep {cluster.Name}")]));
        }
    }

    private void WithCredentials(string user, AccessMode mode, string text)
    {
        if (!credentials.TryGetValue(CredentialKey(user, mode), out var attachment))
        {
            Say(user, text);
            return;
        }

        messages.Add(attachment is null
            ? new(new Recipient.User(user), text + "\n" + (notReady ?? NotIssued))
            : new(new Recipient.User(user), text, attachment));
    }

    private void Say(string user, string text) => messages.Add(new(new Recipient.User(user), text));

    internal static string When(DateTimeOffset? time) => time is { } t ? Timestamps.Human(t) : "further notice";
}
