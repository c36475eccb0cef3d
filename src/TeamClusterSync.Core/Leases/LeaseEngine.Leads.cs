using TeamClusterSync.Core.Credentials;
using Effect = TeamClusterSync.Core.Leases.LeaseEffect;

namespace TeamClusterSync.Core.Leases;

/// <summary>
/// What only a team's admins may do: take the cluster back from everyone (<c>reclaim</c>), hold it out of use
/// (<c>pause</c>) and give it back to use (<c>resume</c>). Each records the admin's reason with the commit.
/// </summary>
public static partial class LeaseEngine
{
    private static bool IsLeadAction(string actor, LeaseCommand command) =>
        command is LeaseCommand.Pause or LeaseCommand.EndPause || (command is LeaseCommand.Reclaim && actor != ScheduleActor);

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
                if (c.State.IsFree && c.State.Readers.Count == 0 && c.State.Pending.Count == 0)
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
        }
    }

    private static void Pause(Context c, string actor, string reason)
    {
        if (c.State.Paused is not null)
        {
            c.Refuse(actor, Refusal.AlreadyPaused);
            return;
        }

        // An offer made before the pause is withdrawn, not left to lapse: lapsing would drop its taker from the line.
        c.State = c.State with
        {
            Paused = new Pause(actor, reason, c.Now),
            Line = [.. c.State.Line.Select(w => w with { OfferedUntil = null })],
        };
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
    /// A paused cluster grants nothing new: a request, ping or yes is refused with the admin's reason. A holder asking
    /// again for their kubeconfig is no new grant, nor is anything that lets go or joins the line.
    /// </summary>
    private static bool RefusedWhilePaused(Context c, string actor, LeaseCommand command)
    {
        var grants = command is LeaseCommand.Ping or LeaseCommand.Grant
            || (command is LeaseCommand.Request && c.State.HolderOf(actor) is null)
            || (command is LeaseCommand.RequestReadOnly && c.State.HolderOf(actor) is null && c.State.ReaderOf(actor) is null);
        if (c.State.Paused is null || !grants)
        {
            return false;
        }

        c.Refuse(actor, Refusal.Paused);
        return true;
    }

    /// <summary>A person's words go into a commit, chat and terminals: one line, no escape sequences or controls.</summary>
    private static string Words(string? said)
    {
        var words = Secrets.Printable(said ?? "").ReplaceLineEndings(" ").Trim();
        return words.Length > 0 ? words : "no reason given";
    }
}
