using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Home;

/// <summary>Turns a config, a snapshot and the viewer's login into their <see cref="HomeView"/>. Pure: no I/O, no clock of its own.</summary>
public static class HomeViewBuilder
{
    public static HomeView Build(ConfigRepository config, StateSnapshot snapshot, string login, DateTimeOffset now)
    {
        var teams = Membership.TeamsOf(config, snapshot, login)
            .Select(t => new HomeTeam(t.Name, t.SlackChannel, [.. config.ClustersOf(t).Select(c => Cluster(c, snapshot, login, now))]))
            .ToList();
        return new HomeView(login, now, teams, teams.Count == 0 ? $"@{login} is not on any team yet, so there is no cluster to show" : null);
    }

    /// <summary>One cluster as its team sees it; the buttons are the viewer's.</summary>
    public static HomeCluster Cluster(Cluster cluster, StateSnapshot snapshot, string login, DateTimeOffset now)
    {
        if (snapshot.LeaseProblem(cluster.Name) is not null)
        {
            // Nothing to offer until the file is readable again: the status line says why.
            return new HomeCluster(cluster.Name, cluster.Version, cluster.ConsoleUrl, [], [], [], [], null, null, StatusLine.For(cluster, snapshot, now), []);
        }

        var lease = snapshot.Lease(cluster.Name);
        var record = snapshot.Record(cluster.Name);
        return new HomeCluster(
            cluster.Name,
            cluster.Version,
            record?.ConsoleUrl ?? cluster.ConsoleUrl,
            [.. lease.Holders.Where(h => h.Expires > now)],
            [.. lease.Readers.Where(r => r.Expires > now)],
            lease.Pending,
            lease.Line,
            record?.ProvisionedAt,
            record?.LastRelease is { } check ? ReleaseText.Status(check) : null,
            StatusLine.For(cluster, lease, record, now),
            Buttons(cluster, lease, login, now),
            record?.Phase is { } phase ? PhaseText.Status(phase) : null);
    }

    /// <summary>
    /// Done and Extend for whoever holds it, Done for a reader; for everyone else Request (when it is free and not
    /// offered to someone else), Read-only (when allowed), and Wait in line or Leave the line.
    /// </summary>
    private static List<ReplyButton> Buttons(Cluster cluster, LeaseState lease, string login, DateTimeOffset now)
    {
        string Command(string verb) => $"{CommandParser.Keyword} {verb} {cluster.Name}";
        if (lease.HolderOf(login) is { } holder && holder.Expires > now)
        {
            return [new("Extend", Command("extend")), new("Done", Command("done"))];
        }

        var buttons = new List<ReplyButton>();
        var free = !lease.Holders.Any(h => h.Expires > now);
        var offeredToOther = lease.Offer is { } offer && !string.Equals(offer.User, login, StringComparison.OrdinalIgnoreCase);
        if (free && !offeredToOther)
        {
            buttons.Add(new(lease.Offer is null ? "Request" : "Take it", Command("request"), Primary: true));
        }

        if (lease.ReaderOf(login) is { } reader && reader.Expires > now)
        {
            buttons.Add(new("Done", Command("done")));
        }
        else if (cluster.Lease.AllowReadOnly)
        {
            buttons.Add(new("Read-only", Command("request ro")));
        }

        if (lease.WaiterOf(login) is not null)
        {
            buttons.Add(new("Leave the line", Command("leave")));
        }
        else if (!free || offeredToOther)
        {
            buttons.Add(new("Wait in line", Command("wait"), Primary: buttons.Count == 0 || !buttons[0].Primary));
        }

        return buttons;
    }
}
