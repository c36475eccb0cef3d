namespace TeamClusterSync.Core.Leases;

/// <summary>Something to carry out once a decision is committed: tell someone, or hand out or take back credentials.</summary>
public abstract record LeaseEffect
{
    /// <summary>
    /// Send <see cref="Notice"/> to <see cref="To"/>; <see cref="About"/> names the other person involved,
    /// <see cref="Reason"/> is a person's words (a refusal's reason), <see cref="Why"/> says why a command was refused,
    /// <see cref="Requester"/> names whose request an answer was about, when that is not <see cref="To"/>.
    /// </summary>
    public sealed record Notify(
        string To, Notice Notice, string? About = null, string? Reason = null, DateTimeOffset? Expires = null, Refusal? Why = null, string? Requester = null)
        : LeaseEffect;

    /// <summary>Mint credentials for <see cref="User"/> valid until <see cref="Expires"/> and send them privately.</summary>
    public sealed record IssueCredentials(string User, AccessMode Mode, DateTimeOffset Expires) : LeaseEffect;

    /// <summary>Revoke what <see cref="User"/> was issued.</summary>
    public sealed record RevokeCredentials(string User, AccessMode Mode) : LeaseEffect;

    /// <summary>The last read-write holder, <see cref="By"/>, is done: check the cluster was left clean for the next user.</summary>
    public sealed record CheckRelease(string By) : LeaseEffect;
}

/// <summary>The kinds of message the lease rules produce; front ends turn them into words.</summary>
public enum Notice
{
    /// <summary>To the actor: the cluster was free and is now theirs (credentials follow).</summary>
    Granted,

    /// <summary>To the actor: someone (About) holds it; suggest <c>ping</c>.</summary>
    InUse,

    /// <summary>To the actor: read-only credentials follow; please avoid changing the cluster.</summary>
    ReadOnlyGranted,

    /// <summary>To a holder: About took read-only access.</summary>
    ReadOnlyTaken,

    /// <summary>To the actor: the holder(s) were asked.</summary>
    PingSent,

    /// <summary>To a holder of a cluster with room: About asks to share it; answer yes / no &lt;reason&gt;.</summary>
    AccessRequested,

    /// <summary>To a holder of a full cluster: About asks for it; yes hands the lease over, no &lt;reason&gt; refuses.</summary>
    HandoverRequested,

    /// <summary>To the requester: About handed the cluster over (credentials follow); About's access ended.</summary>
    HandedOver,

    /// <summary>To the holder who handed over: About has the cluster now, their own access ended.</summary>
    HandoverConfirmed,

    /// <summary>
    /// To the other holders, once one answered: About answered Requester's request; Reason is a refusal's reason,
    /// null for a yes (whether it shared or handed over is in the new state).
    /// </summary>
    AnsweredByOther,

    /// <summary>To the requester (actor's About): access granted by About (credentials follow).</summary>
    AccessGranted,

    /// <summary>To the holder who said yes: About now shares the cluster.</summary>
    GrantConfirmed,

    /// <summary>To the requester: About refused, with Reason.</summary>
    AccessDenied,

    /// <summary>To the holder who said no: About was told.</summary>
    DenyConfirmed,

    /// <summary>To the actor: their access was released.</summary>
    Released,

    /// <summary>To the other holders: About released their share.</summary>
    HolderReleased,

    /// <summary>To the actor: the lease now runs until Expires.</summary>
    Extended,

    /// <summary>To the actor: the lease now runs until Expires, less than asked: the cluster's maximum from now.</summary>
    ExtendedToLimit,

    /// <summary>To the actor: nothing changed, the lease already runs until Expires; the cluster's maximum is named.</summary>
    ExtendCapped,

    /// <summary>To the actor: fresh credentials for what they hold follow (<c>teamcluster auth</c>).</summary>
    Reissued,

    /// <summary>To a holder or reader: their lease ran out and was released.</summary>
    Expired,

    /// <summary>To the actor: the cluster is free, no need to ping; use request.</summary>
    NotInUse,

    /// <summary>
    /// To someone waiting on a ping: nobody holds the cluster any more (About ran <c>done</c>; null when the lease ran
    /// out), so they can take it.
    /// </summary>
    FreeNow,

    /// <summary>To someone waiting on a ping: About, who held the cluster, left the team, so the cluster is free now.</summary>
    FreeAfterDeparture,

    /// <summary>To the actor: they are in the cluster's line now (their place and who is ahead are in the new state).</summary>
    InLine,

    /// <summary>To the actor: they left the cluster's line.</summary>
    LeftLine,

    /// <summary>To someone who waited for the first free of several clusters: they left this line, since Reason (another cluster) is offered to them.</summary>
    LeftForOffer,

    /// <summary>
    /// To the first in line: the cluster is free and theirs to take until Expires (About freed it: their <c>done</c>;
    /// null when a lease ran out, an offer lapsed or the cluster was reprovisioned).
    /// </summary>
    Offered,

    /// <summary>To the first in line: they did not take the cluster within the offer window, so they left the line.</summary>
    OfferLapsed,

    /// <summary>To the actor: the free cluster is reserved for About (first in line) until Expires.</summary>
    Reserved,

    /// <summary>To a requester: the holders did not answer their ping within the ping timeout; the line is offered.</summary>
    PingUnanswered,

    /// <summary>To a holder: About's ping is still waiting for an answer (sent once, when it times out).</summary>
    PingReminder,

    /// <summary>To the actor: the command was refused, for the <see cref="Refusal"/> in Why.</summary>
    Refused,

    /// <summary>
    /// To a holder, reader or waiting requester: their access ended because the cluster is being reprovisioned
    /// (About null), or because About, a team admin, took it back for Reason.
    /// </summary>
    Reclaimed,

    /// <summary>To the admin who ran <c>reclaim</c>: everyone who had access (in the state before) lost it and was told why.</summary>
    ReclaimConfirmed,

    /// <summary>To the admin who ran <c>pause</c>: no new access until <c>resume</c>; holders keep theirs, the line is kept.</summary>
    PauseConfirmed,

    /// <summary>
    /// To the admin who ran <c>reprovision</c> (Reason): the lifecycle sweep rebuilds the cluster once it is safe; with
    /// <c>now</c>, everyone who had access (in the state before) lost it and was told why.
    /// </summary>
    ReprovisionConfirmed,

    /// <summary>To the admin who ran <c>resume</c>: the cluster can be taken again (the first in line is offered it).</summary>
    ResumeConfirmed,

    /// <summary>
    /// To someone no longer on the cluster's team: the sweep ended their lease, reading, ping and place in line
    /// (credentials revoked); the team channel hears it too.
    /// </summary>
    RemovedFromTeam,

    /// <summary>
    /// To a reader of a cluster open beyond its team (<c>lease.readOnlyFor</c>) who is now on neither its team nor a team
    /// it names: the sweep ended their reading (credentials revoked).
    /// </summary>
    ReadingClosed,
}

/// <summary>Why a command changed nothing.</summary>
public enum Refusal
{
    NotTeamMember,
    AlreadyHolder,
    AlreadyPending,
    ReadOnlyNotAllowed,
    NotHolder,
    NoPendingRequest,

    /// <summary>A bare yes / no while several people wait: the holder must say whom it answers.</summary>
    WhichRequest,
    NothingToRelease,
    NothingToExtend,
    ExtendTooLong,
    ExtendByNothing,
    ExtendNegative,

    /// <summary><c>auth</c> from someone who holds nothing on the cluster.</summary>
    NothingHeld,

    /// <summary><c>wait</c> from someone already in line.</summary>
    AlreadyInLine,

    /// <summary><c>leave</c> from someone not in line.</summary>
    NotInLine,

    /// <summary><c>reclaim</c>, <c>pause</c> or <c>resume</c> from someone who is not an admin of the cluster's team.</summary>
    NotAdmin,

    /// <summary><c>reclaim</c> of a cluster nobody holds, reads or asked for.</summary>
    NothingToReclaim,

    /// <summary>A request (or ping, or yes) while a team admin has paused the cluster; the reason is in the state's pause.</summary>
    Paused,

    /// <summary>A request (or ping, or yes) on a free cluster waiting for the rebuild an admin asked for (in the state's reprovision).</summary>
    Reprovisioning,

    /// <summary><c>reprovision</c> (not <c>now</c>) of a cluster whose rebuild is already asked for.</summary>
    AlreadyReprovisioning,

    /// <summary><c>pause</c> of a cluster already paused.</summary>
    AlreadyPaused,

    /// <summary><c>resume</c> of a cluster that is not paused.</summary>
    NotPaused,

    /// <summary><c>request ro</c> from someone outside the cluster's team whom its <c>lease.readOnlyFor</c> does not admit.</summary>
    ReadOnlyNotOpen,

    /// <summary><c>extend</c> or <c>yes</c> from someone who left the team: they may only let go until the sweep ends their access.</summary>
    LeftTeam,
}
