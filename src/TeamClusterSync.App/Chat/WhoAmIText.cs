using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Chat;

/// <summary>
/// <c>teamcluster whoami</c>: who the bot thinks you are, whether you are a global admin, which teams count you and why,
/// what other teams' clusters you may read, and what you hold.
/// </summary>
internal static class WhoAmIText
{
    public static string For(ConfigRepository config, StateSnapshot snapshot, string login, DateTimeOffset now)
    {
        var teams = config.Teams.Select(t => (Team: t, Why: Membership.Why(t, snapshot, login))).Where(t => t.Why is not null).ToList();
        var lines = new List<string> { $"you are @{login} on GitHub" };
        if (config.Settings.Admins.Contains(login, StringComparer.OrdinalIgnoreCase))
        {
            lines.Add("you are a global admin (teamclustersync.yaml): you may reclaim, pause, resume and reprovision every team's clusters");
        }

        if (teams.Count == 0)
        {
            lines.Add("you are not a member of any team in the config repo; a team admin can add your GitHub login to the team's file under teams/");
            return string.Join('\n', lines);
        }

        lines.Add("teams: " + string.Join("; ", teams.Select(t => $"{t.Team.Name} ({t.Why})")));
        var clusters = teams.SelectMany(t => config.ClustersOf(t.Team)).Select(c => c.Name).ToList();
        lines.Add("clusters you may request: " + (clusters.Count == 0 ? "none yet" : string.Join(", ", clusters)));
        var open = config.Clusters.Where(c => !clusters.Contains(c.Name) && Membership.OutsideReadersOf(config, c, snapshot).Admit(login)).ToList();
        if (open.Count > 0)
        {
            lines.Add("read-only beyond your teams (request ro CLUSTER or VERSION): " + string.Join(", ", open.Select(c => $"{c.Name} ({c.Version})")));
        }

        lines.Add("you hold: " + Held(config, snapshot, login, now));
        return string.Join('\n', lines);
    }

    private static string Held(ConfigRepository config, StateSnapshot snapshot, string login, DateTimeOffset now)
    {
        var held = new List<string>();
        foreach (var cluster in config.Clusters.Where(c => snapshot.LeaseProblem(c.Name) is null))
        {
            var lease = snapshot.Lease(cluster.Name);
            if (lease.HolderOf(login) is { } h && h.Expires > now)
            {
                held.Add($"{cluster.Name} (read-write until {LeaseReplies.When(h.Expires)})");
            }
            else if (lease.ReaderOf(login) is { } r && r.Expires > now)
            {
                held.Add($"{cluster.Name} (read-only until {LeaseReplies.When(r.Expires)})");
            }
            else if (lease.PendingOf(login) is not null)
            {
                held.Add($"nothing on {cluster.Name} yet (waiting for an answer from {LeaseReplies.Names(lease.Holders.Select(x => x.User))})");
            }
        }

        return held.Count == 0 ? "nothing" : string.Join(", ", held);
    }
}
