using System.Globalization;
using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Sync;

namespace TeamClusterSync.Config.Files;

/// <summary>The <c>sync:</c> section of <c>teamclustersync.yaml</c>: the team sync's guards; every key optional.</summary>
internal static class SyncSettings
{
    public static readonly IReadOnlyList<string> Keys = ["maxRemovals", "minGroupSize", "includeGuests"];

    public static SyncGuards Read(YamlMap? sync)
    {
        var defaults = SyncGuards.Default;
        if (sync is null)
        {
            return defaults;
        }

        return new SyncGuards(
            Cap(sync) ?? defaults.MaxRemovals,
            sync.Int("minGroupSize", 1, 100_000) ?? defaults.MinGroupSize,
            sync.Bool("includeGuests") ?? defaults.IncludeGuests);
    }

    /// <summary><c>maxRemovals</c>: a whole number of members (<c>5</c>) or a share of the group (<c>25%</c>).</summary>
    private static RemovalCap? Cap(YamlMap sync)
    {
        var text = sync.String("maxRemovals", false, out var node);
        if (text is null)
        {
            return null;
        }

        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= (percent ? 100 : 100_000))
        {
            return percent ? RemovalCap.Share(value) : RemovalCap.Count(value);
        }

        sync.File.Error(node!, $"'{sync.Name("maxRemovals")}' must be a number of members (e.g. 5) or a share of the group from 0% to 100% (e.g. 25%), found {node!.Describe()}");
        return null;
    }
}
