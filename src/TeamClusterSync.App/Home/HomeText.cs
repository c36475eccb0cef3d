using System.Text;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.App.Home;

/// <summary>The Home view as plain text: what the terminal's <c>home</c> prints and the README pictures.</summary>
public static class HomeText
{
    public static string Render(HomeView view)
    {
        var text = new StringBuilder($"home of @{view.Login}, as of {Timestamps.Human(view.At)}\n");
        if (view.Problem is { } problem)
        {
            text.Append(problem).Append('\n');
        }

        foreach (var team in view.Teams)
        {
            text.Append('\n').Append(team.Name).Append(team.Channel is { } channel ? $" (#{channel})" : "").Append('\n');
            foreach (var cluster in team.Clusters)
            {
                AppendCluster(text, cluster);
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void AppendCluster(StringBuilder text, HomeCluster cluster)
    {
        text.Append($"  {cluster.Name}: OpenShift {cluster.Version}, {cluster.ConsoleUrl}\n");
        text.Append($"    held by: {Holders(cluster)}\n");
        text.Append($"    read-only: {Readers(cluster)}\n");
        text.Append($"    pings: {Pings(cluster)}\n");
        text.Append($"    in line: {Line(cluster)}\n");
        text.Append($"    last provisioned: {LastProvisioned(cluster)}\n");
        text.Append($"    last release: {cluster.LastRelease ?? "not checked yet"}\n");
        if (cluster.Phase is { } phase)
        {
            text.Append($"    phase: {phase}\n");
        }

        text.Append("    buttons: ").Append(string.Join("  ", cluster.Buttons.Select(b => $"[{b.Label}: {b.Command}]"))).Append('\n');
    }

    /// <summary>
    /// The cluster's holders with their expiry, or "nobody"; the Slack tab uses the same words. Each list names at most
    /// <c>max</c> people and then says how many more (Slack bounds a section's text).
    /// </summary>
    public static string Holders(HomeCluster cluster, int max = int.MaxValue) =>
        List(cluster.Holders, h => $"@{h.User} until {Timestamps.Human(h.Expires)}{(h.Mode == AccessMode.ReadOnly ? " (read-only)" : "")}", max);

    public static string Readers(HomeCluster cluster, int max = int.MaxValue) => List(cluster.Readers, r => $"@{r.User} until {Timestamps.Human(r.Expires)}", max);

    public static string Pings(HomeCluster cluster, int max = int.MaxValue) => List(cluster.Pending, p => $"@{p.User} since {Timestamps.Human(p.Requested)}", max);

    /// <summary>The line, first first; the one a free cluster is offered to says until when.</summary>
    public static string Line(HomeCluster cluster, int max = int.MaxValue) =>
        List(cluster.Line, w => w.OfferedUntil is { } until ? $"@{w.User} (offered until {Timestamps.Human(until)})" : "@" + w.User, max);

    public static string LastProvisioned(HomeCluster cluster) => cluster.LastProvisioned is { } at ? Timestamps.Human(at) : "not yet";

    private static string List<T>(IReadOnlyList<T> items, Func<T, string> show, int max) =>
        items.Count == 0 ? "nobody"
        : string.Join(", ", items.Take(max).Select(show)) + (items.Count > max ? $" and {items.Count - max} more" : "");
}
