using System.Text;
using System.Text.RegularExpressions;
using TeamClusterSync.Core.Diagnostics;

namespace TeamClusterSync.Config.State;

/// <summary>
/// Checks the files the bot writes under <c>state/</c>, for <c>validate</c>: a human commit that breaks one (a bad
/// merge, an edit by hand) is caught by the config repo's CI before it reaches the bot. Kept apart from
/// <see cref="ConfigLoader"/> on purpose: at run time a broken state file must affect only its own cluster.
/// </summary>
public static partial class StateChecks
{
    public static IReadOnlyList<Diagnostic> Check(IConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new List<Diagnostic>();
        CheckAll(source, StatePaths.LeasesDirectory, (name, yaml) => LeaseStateYaml.Read(name, yaml), diagnostics);
        CheckAll(source, StatePaths.SyncDirectory, (name, yaml) => TeamMembersYaml.Read(name, yaml), diagnostics);
        CheckAll(source, StatePaths.ClustersDirectory, (name, yaml) => ClusterRecordYaml.Read(name, yaml), diagnostics);
        return diagnostics;
    }

    private static void CheckAll(IConfigSource source, string directory, Action<string, string> read, List<Diagnostic> diagnostics)
    {
        foreach (var path in source.ListFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (!name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                diagnostics.Add(new Diagnostic(path, 1, 1, $"the bot writes only .yaml files in {directory}/; remove this file"));
                continue;
            }

            try
            {
                read(name[..^".yaml".Length], Encoding.UTF8.GetString(source.ReadFile(path) ?? []));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                diagnostics.Add(ToDiagnostic(path, e.Message));
            }
        }
    }

    /// <summary>The readers' messages start with <c>path:line:col: </c> or <c>path: </c>; keep the position, drop the path.</summary>
    private static Diagnostic ToDiagnostic(string path, string message)
    {
        var match = Positioned().Match(message);
        return match.Success && match.Groups["path"].Value == path
            ? new Diagnostic(path, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["rest"].Value)
            : new Diagnostic(path, 1, 1, message.StartsWith(path + ": ", StringComparison.Ordinal) ? message[(path.Length + 2)..] : message);
    }

    [GeneratedRegex(@"^(?<path>[^:]+):(?<line>\d+):(?<col>\d+): (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Positioned();
}
