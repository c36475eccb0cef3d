using TeamClusterSync.Config.Files;
using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Diagnostics;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config;

/// <summary>
/// Reads a config repo (<c>teamclustersync.yaml</c>, <c>teams/*.yaml</c>, <c>clusters/*.yaml</c>,
/// <c>people.yaml</c>) into the model, reporting every mistake in the repo in one run with its file, line and
/// column, the way CI on the config repo shows them. Never throws for bad content; other files are ignored.
/// </summary>
public static class ConfigLoader
{
    public static ConfigLoadResult Load(IConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new List<Diagnostic>();

        var settings = Settings.Default;
        if (source.ReadFile(SettingsFile.Path) is { } settingsBytes)
        {
            var file = new FileContext(SettingsFile.Path, diagnostics);
            if (YamlDocumentReader.Read(file, settingsBytes) is { } root)
            {
                settings = SettingsFile.Read(file, root);
            }
        }
        else
        {
            diagnostics.Add(new Diagnostic(SettingsFile.Path, 1, 1, "file not found; a config repo has teamclustersync.yaml at its root (it may be empty)"));
        }

        var teams = ReadAll(source, "teams", diagnostics, TeamFile.Read);
        var clusters = ReadAll(source, "clusters", diagnostics, (file, root) => ClusterFile.Read(file, root, settings));
        var people = new List<Person>();
        if (source.ReadFile(PeopleFile.Path) is { } peopleBytes)
        {
            var file = new FileContext(PeopleFile.Path, diagnostics);
            if (YamlDocumentReader.Read(file, peopleBytes) is { } root)
            {
                people = PeopleFile.Read(file, root);
            }
        }

        CrossChecks.Run(teams, clusters, source.ListFiles("teams"), diagnostics);
        var ordered = diagnostics
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ToList();
        var config = ordered.Count > 0
            ? null
            : new ConfigRepository(settings, teams.Select(t => t.Entry.Team).ToList(), clusters.Select(c => c.Entry.Cluster).ToList(), people);
        return new ConfigLoadResult(config, ordered);
    }

    /// <summary>
    /// Only <c>teamclustersync.yaml</c>, for callers that need a setting (the state branch) even while other files
    /// have errors; a missing or broken file gives the defaults (<c>validate</c> reports it).
    /// </summary>
    public static Settings LoadSettings(IConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var file = new FileContext(SettingsFile.Path, []);
        return source.ReadFile(SettingsFile.Path) is { } bytes && YamlDocumentReader.Read(file, bytes) is { } root
            ? SettingsFile.Read(file, root)
            : Settings.Default;
    }

    /// <summary>Reads every <c>.yaml</c> file of a folder; a <c>.yml</c> file is reported, since it would be silently skipped.</summary>
    private static List<(string Path, T Entry)> ReadAll<T>(IConfigSource source, string directory, List<Diagnostic> diagnostics, Func<FileContext, YamlNode, T?> read)
        where T : class
    {
        var entries = new List<(string, T)>();
        foreach (var path in source.ListFiles(directory))
        {
            if (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(new Diagnostic(path, 1, 1, $"file is not read: files in {directory}/ must end in .yaml"));
                continue;
            }

            if (!path.EndsWith(".yaml", StringComparison.Ordinal) || source.ReadFile(path) is not { } bytes)
            {
                continue;
            }

            var file = new FileContext(path, diagnostics);
            if (YamlDocumentReader.Read(file, bytes) is { } root && read(file, root) is { } entry)
            {
                entries.Add((path, entry));
            }
        }

        return entries;
    }
}
