namespace TeamClusterSync.Core.Leases;

/// <summary>What someone (or the schedule) asks of a cluster's lease.</summary>
public abstract record LeaseCommand
{
    /// <summary>The verb recorded in the <c>Action:</c> trailer.</summary>
    public abstract string Action { get; }

    /// <summary>
    /// <c>teamcluster request [4.16]</c>: take the cluster read-write when it is free; with <see cref="Version"/> (and
    /// no name), a free one of the actor's teams' clusters of that OpenShift version.
    /// </summary>
    public sealed record Request(string? Version = null) : LeaseCommand
    {
        public override string Action => "request";
    }

    /// <summary><c>teamcluster request ro [4.16]</c>: read-only credentials at once; the holder is told.</summary>
    public sealed record RequestReadOnly(string? Version = null) : LeaseCommand
    {
        public override string Action => "request-ro";
    }

    /// <summary><c>teamcluster ping</c>: ask the holder to share the cluster.</summary>
    public sealed record Ping : LeaseCommand
    {
        public override string Action => "ping";
    }

    /// <summary>
    /// <c>yes</c> from a holder to the one waiting requester (or <see cref="User"/>): a co-holder when the cluster has
    /// room, else the holder hands the lease over.
    /// </summary>
    public sealed record Grant(string? User = null) : LeaseCommand
    {
        public override string Action => "grant";
    }

    /// <summary><c>no &lt;reason&gt;</c> from a holder: the request is refused with that reason.</summary>
    public sealed record Deny(string Reason, string? User = null) : LeaseCommand
    {
        public override string Action => "deny";
    }

    /// <summary><c>teamcluster done</c>: the actor gives up whatever access it has.</summary>
    public sealed record Done : LeaseCommand
    {
        public override string Action => "done";
    }

    /// <summary><c>teamcluster extend [duration]</c>: push the actor's expiry out, up to the cluster's max duration from now.</summary>
    public sealed record Extend(TimeSpan? By = null) : LeaseCommand
    {
        public override string Action => "extend";
    }

    /// <summary><c>teamcluster auth</c>: fresh credentials for what the actor holds (read-write or read-only), nothing else changes.</summary>
    public sealed record Auth : LeaseCommand
    {
        public override string Action => "auth";
    }

    /// <summary>
    /// <c>teamcluster wait</c>: get in the cluster's line, to be offered it when it is free; with <see cref="AnyOf"/>, one
    /// of the lines of a wait for the first free of one's teams' clusters.
    /// </summary>
    public sealed record Wait(bool AnyOf = false) : LeaseCommand
    {
        public override string Action => "wait";
    }

    /// <summary>
    /// <c>teamcluster leave</c>: get out of the cluster's line (an offer the actor had moves on). From the schedule, for
    /// <see cref="For"/>, who waited for the first free of several clusters and was just offered <see cref="Offered"/>.
    /// </summary>
    public sealed record Leave(string? For = null, string? Offered = null) : LeaseCommand
    {
        public override string Action => "leave";
    }

    /// <summary>
    /// The schedule's sweep: remove every holder and reader whose lease has run out, move an offer nobody took to
    /// the next in line, tell requesters whose ping went unanswered. With <see cref="EndDeparted"/> (the caller knows
    /// the team's whole membership), everyone no longer on the team loses their lease, reading and place in line too.
    /// </summary>
    public sealed record Expire(bool EndDeparted = false) : LeaseCommand
    {
        public override string Action => "expire";
    }

    /// <summary>
    /// The bot takes back access it just granted <see cref="User"/> (as <see cref="Mode"/>, since <see cref="Since"/>)
    /// because no credentials could be issued for it: a grant nobody can use must not block the cluster. Access
    /// granted at another time (a later grant) is left alone.
    /// </summary>
    public sealed record Revert(string User, AccessMode Mode, DateTimeOffset Since) : LeaseCommand
    {
        public override string Action => "revert";
    }

    /// <summary>
    /// Every holder, reader and waiting ping is released: by the schedule before the cluster is flushed (no
    /// <see cref="Reason"/>), or by an admin of the cluster's team (<c>teamcluster reclaim CLUSTER reason</c>).
    /// </summary>
    public sealed record Reclaim(string? Reason = null) : LeaseCommand
    {
        public override string Action => "reclaim";
    }

    /// <summary>
    /// By the schedule, once the rebuild an admin asked for is claimed in git (the cluster's record says so): the
    /// request is settled, and the line is offered the fresh cluster. Until then the request stands, so a crash between
    /// the reclaim and the rebuild leaves the rebuild still to do, never a promise dropped.
    /// </summary>
    public sealed record Rebuilt : LeaseCommand
    {
        public override string Action => "reprovisioned";
    }

    /// <summary><c>teamcluster pause CLUSTER reason</c> from a team admin: no new access until <see cref="EndPause"/>; the line is kept.</summary>
    public sealed record Pause(string Reason) : LeaseCommand
    {
        public override string Action => "pause";
    }

    /// <summary>
    /// <c>teamcluster reprovision CLUSTER [now] reason</c> from a team admin: the cluster is rebuilt as its schedule would
    /// rebuild it, at the next safe point (once free, or as its <c>whenLeased</c> / <c>forceAfter</c> force); with
    /// <see cref="Now"/>, everyone's access ends at once and it is rebuilt on the next sweep.
    /// </summary>
    public sealed record Reprovision(string Reason, bool Now = false) : LeaseCommand
    {
        public override string Action => "reprovision";
    }

    /// <summary><c>teamcluster resume CLUSTER</c> from a team admin: grants again, the first in line is offered a free cluster.</summary>
    public sealed record EndPause : LeaseCommand
    {
        public override string Action => "resume";
    }
}
