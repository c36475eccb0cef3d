using TeamClusterSync.Core.Credentials;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Leases;

/// <summary>
/// What only a team's admins may do: take the cluster back from everyone (<c>reclaim</c>), hold it out of use
/// (<c>pause</c>), give it back to use (<c>resume</c>) and have it rebuilt (<c>reprovision</c>). Each records the
/// admin's reason with the commit.
/// </summary>
public static partial class LeaseEngine
{
    private static bool IsLeadAction(string actor, LeaseCommand command) =>
        command is LeaseCommand.Pause or LeaseCommand.EndPause or LeaseCommand.Reprovision || (command is LeaseCommand.Reclaim && actor != ScheduleActor);

    private static void Lead(Context c, IReadOnlySet<string> admins, string actor, LeaseCommand command)
    {
        if (!admins.Contains(actor))
        {
            c.Refuse(actor, Refusal.NotAdmin);
            return;
        }

        switch (command)
        {
            case LeaseCommand.Reclaim reclaim:
                if (!c.State.InUse)
                {
                    c.Refuse(actor, Refusal.NothingToReclaim);
                    return;
                }

                c.ReclaimAll(actor, Words(reclaim.Reason));
                c.Effects.Add(new Effect.Notify(actor, Notice.ReclaimConfirmed, Reason: c.Reason));
                break;
            case LeaseCommand.Pause pause:
                Pause(c, actor, Words(pause.Reason));
                break;
            case LeaseCommand.EndPause:
                Resume(c, actor);
                break;
            case LeaseCommand.Reprovision reprovision:
                Reprovision(c, actor, Words(reprovision.Reason), reprovision.Now);
                break;
        }
    }

    /// <summary>
    /// Records the admin's request for the lifecycle sweep, which rebuilds the cluster as its schedule would. With
    /// <paramref name="now"/>, everyone's access ends at once (each told who and why), so the next sweep rebuilds it.
    /// Until the rebuild, a free cluster is offered to nobody: an offer made before is withdrawn, not left to lapse.
    /// </summary>
    private static void Reprovision(Context c, string actor, string reason, bool now)
    {
        if (c.State.Reprovision is not null && !now)
        {
            c.Refuse(actor, Refusal.AlreadyReprovisioning);
            return;
        }

        c.State = c.State.WithoutOffer() with { Reprovision = new ReprovisionRequest(actor, reason, c.Now) };
        c.Summaries.Add($"@{actor} asked to reprovision {c.Cluster.Name}{(now ? " now" : "")}");
        if (now)
        {
            c.ReclaimAll(actor, reason);
        }

        c.Reason = reason;
        c.Effects.Add(new Effect.Notify(actor, Notice.ReprovisionConfirmed, Reason: reason));
    }

    /// <summary>
    /// The schedule's reclaim before a rebuild: everyone's access ends. An admin's request for the rebuild stands until
    /// <see cref="Rebuilt"/> (the line waits for the fresh cluster); without one, the line is offered the cluster as
    /// after any reclaim.
    /// </summary>
    private static void ReclaimForRebuild(Context c)
    {
        if (c.State.Reprovision is { } asked && c.State.InUse)
        {
            c.Summaries.Add($"{c.Cluster.Name} is being reprovisioned, as @{asked.By} asked");
        }

        c.ReclaimAll();
        c.OfferIfFree(freedBy: null);
    }

    /// <summary>The rebuild an admin asked for is claimed: their request is settled, and the line offered the cluster.</summary>
    private static void Rebuilt(Context c)
    {
        if (c.State.Reprovision is not { } asked)
        {
            return;
        }

        c.State = c.State with { Reprovision = null };
        c.Summaries.Add($"{c.Cluster.Name} was reprovisioned, as @{asked.By} asked");
        c.OfferIfFree(freedBy: null);
    }

    private static void Pause(Context c, string actor, string reason)
    {
        if (c.State.Paused is not null)
        {
            c.Refuse(actor, Refusal.AlreadyPaused);
            return;
        }

        c.State = c.State.WithoutOffer() with { Paused = new Pause(actor, reason, c.Now) };
        c.Reason = reason;
        c.Effects.Add(new Effect.Notify(actor, Notice.PauseConfirmed, Reason: reason));
        c.Summaries.Add($"@{actor} paused {c.Cluster.Name}");
    }

    private static void Resume(Context c, string actor)
    {
        if (c.State.Paused is null)
        {
            c.Refuse(actor, Refusal.NotPaused);
            return;
        }

        c.State = c.State with { Paused = null };
        c.Effects.Add(new Effect.Notify(actor, Notice.ResumeConfirmed));
        c.Summaries.Add($"@{actor} resumed {c.Cluster.Name}");
        c.OfferIfFree(freedBy: null);
    }

    /// <summary>
    /// A paused cluster grants nothing new: a request, ping or yes is refused with the admin's reason; so does a free
    /// cluster waiting for the rebuild an admin asked for. A holder asking again for their kubeconfig is no new grant,
    /// nor is anything that lets go or joins the line.
    /// </summary>
    private static bool RefusedWhilePaused(Context c, string actor, LeaseCommand command)
    {
        var grants = command is LeaseCommand.Ping or LeaseCommand.Grant
            || (command is LeaseCommand.Request && c.State.HolderOf(actor) is null)
            || (command is LeaseCommand.RequestReadOnly && c.State.HolderOf(actor) is null && c.State.ReaderOf(actor) is null);
        if ((c.State.Paused is null && !c.State.AwaitingRebuild) || !grants)
        {
            return false;
        }

        c.Refuse(actor, c.State.Paused is not null ? Refusal.Paused : Refusal.Reprovisioning);
        return true;
    }

    /// <summary>A person's words go into a commit, chat and terminals: one line, no escape sequences or controls.</summary>
    private static string Words(string? said)
    {
        var words = Secrets.Printable(said ?? "").ReplaceLineEndings(" ").Trim();
        return words.Length > 0 ? words : "no reason given";
    }
}
