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
/// the holder when the cluster was left dirty, and into the team channel's "free" notice. <paramref name="notReady"/>
/// says what the provider is doing when credentials could not go out because the cluster does not run yet.
/// </summary>
internal sealed class LeaseReplies(
    Cluster cluster, Team team, LeaseState before, IReadOnlyDictionary<string, Attachment?> credentials, ReleaseCheck? check = null, string? notReady = null)
{
    private const string DoneHint = "use `teamcluster done` when you're done";

    /// <summary>Said with a grant whose kubeconfig the provider could not issue.</summary>
    internal const string NotIssued =
        "(the kubeconfig could not be issued just now; your access is recorded, and `teamcluster auth` sends it once the provider answers again)";

    private readonly List<OutgoingMessage> messages = [];

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
            messages.Add(new(new Recipient.Channel(channel), $"{cluster.Name} is free{ReleaseText.Notice(check)}: use `teamcluster request` to take it"));
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
                Say(n.To, $"use `teamcluster ping` to send a message to {Holders} requesting current credentials");
                break;
            case Notice.ReadOnlyGranted:
                WithCredentials(n.To, AccessMode.ReadOnly, after.IsFree ? $"cluster {Url} is currently available" : $"cluster {Url} is in use by {Holders}");
                Say(n.To, "You requested read-only access, please avoid changing the cluster");
                break;
            case Notice.ReadOnlyTaken:
                Say(n.To, $"User {about} requested readonly access");
                break;
            case Notice.PingSent:
                Say(n.To, $"I asked {Holders} for access to {cluster.Name}; you will hear back here");
                break;
            case Notice.AccessRequested:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"user {about} has requested access, reply \"yes\" to grant, \"no <reason>\" to indicate refusal",
                    Buttons: [new("Grant", $"yes {about}", Primary: true), new("Refuse", $"no {about} no reason given")]));
                break;
            case Notice.HandoverRequested:
                messages.Add(new(
                    new Recipient.User(n.To),
                    $"user {about} has requested access; {cluster.Name} takes {HolderCount} at a time, so reply \"yes\" to hand it over "
                    + "(your access ends), \"no <reason>\" to indicate refusal",
                    Buttons: [new("Hand over", $"yes {about}", Primary: true), new("Refuse", $"no {about} no reason given")]));
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
            case Notice.Released:
                Say(n.To, $"you released {cluster.Name}, thanks! The next user can take it with `teamcluster request`");
                break;
            case Notice.HolderReleased:
                Say(n.To, $"{about} is done with {cluster.Name}; you still hold it");
                break;
            case Notice.Extended:
                Say(n.To, $"your access to {cluster.Name} now runs until {When(n.Expires)}");
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
                Say(n.To, n.About is null
                    ? $"the lease on {cluster.Name} ran out, so the cluster is free now: take it with `teamcluster request`"
                    : $"{about} is done with {cluster.Name}, so the cluster is free now: take it with `teamcluster request`");
                break;
            case Notice.Expired:
                Say(n.To, $"your lease on {cluster.Name} ran out and was released");
                break;
            case Notice.Reclaimed:
                Say(n.To, $"{cluster.Name} is being reprovisioned on its schedule, so your access to it ended; "
                    + "it will be fresh for the next `teamcluster request`");
                break;
            case Notice.NotInUse:
                Say(n.To, $"cluster {Url} is not in use: take it with `teamcluster request`");
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
        _ => throw new ArgumentOutOfRangeException(nameof(why), why, "no words for this refusal"),
    };

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
                + $"or `teamcluster leave` to keep it as it is ({ReleaseText.WhenLeft(cluster)})",
                Buttons: [new("Restore", $"teamcluster restore {cluster.Name}", Primary: true), new("Leave it", $"teamcluster leave {cluster.Name}")]));
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
