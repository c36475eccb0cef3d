using System.Globalization;
using TeamClusterSync.Core.Diagnostics;

namespace TeamClusterSync.Config.Files;

/// <summary>The checks that need more than one file: names unique, every cluster's team defined.</summary>
internal static class CrossChecks
{
    /// <param name="teamFiles">Every <c>teams/*.yaml</c> path: a cluster whose team file exists but did not load is
    /// not reported again, since that file's own errors say what is wrong.</param>
    public static void Run(
        IReadOnlyList<(string Path, TeamEntry Entry)> teams,
        IReadOnlyList<(string Path, ClusterEntry Entry)> clusters,
        IReadOnlyCollection<string> teamFiles,
        List<Diagnostic> diagnostics)
    {
        var teamNames = Unique("team", teams.Select(t => (t.Path, t.Entry.Team.Name, t.Entry.NameNode)), diagnostics);
        Unique("cluster", clusters.Select(c => (c.Path, c.Entry.Cluster.Name, c.Entry.NameNode)), diagnostics);
        foreach (var (path, entry) in clusters)
        {
            if (entry.TeamNode is { } node && !teamNames.Contains(entry.Cluster.Team) && !teamFiles.Contains($"teams/{entry.Cluster.Team}.yaml"))
            {
                diagnostics.Add(new Diagnostic(path, node.Line, node.Column, $"team '{entry.Cluster.Team}' does not exist; define it in teams/{entry.Cluster.Team}.yaml"));
            }

            foreach (var (team, teamNode) in entry.ReadOnlyTeams ?? [])
            {
                if (!teamNames.Contains(team) && !teamFiles.Contains($"teams/{team}.yaml"))
                {
                    diagnostics.Add(new Diagnostic(path, teamNode.Line, teamNode.Column,
                        $"'lease.readOnlyFor' names team '{team}', which does not exist; use a team's name from teams/, or everyone"));
                }
            }
        }
    }

    /// <summary>
    /// Reports the second and later uses of a name (compared ignoring case, as people and chat do) and returns
    /// the names seen.
    /// </summary>
    private static HashSet<string> Unique(string kind, IEnumerable<(string Path, string Name, Yaml.YamlNode? Node)> named, List<Diagnostic> diagnostics)
    {
        var first = new Dictionary<string, (string Path, Yaml.YamlNode Node)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, name, node) in named)
        {
            if (node is null)
            {
                continue;
            }

            if (first.TryGetValue(name, out var earlier))
            {
                diagnostics.Add(new Diagnostic(path, node.Line, node.Column, $"duplicate {kind} name '{name}' (also {earlier.Path}:{earlier.Node.Line.ToString(CultureInfo.InvariantCulture)})"));
            }
            else
            {
                first[name] = (path, node);
            }
        }

        return new HashSet<string>(first.Keys, StringComparer.Ordinal);
    }
}
