namespace TeamClusterSync.Config.Yaml;

internal enum YamlNodeKind
{
    Scalar,
    Mapping,
    Sequence,

    /// <summary>An alias (<c>*name</c>): already reported as unsupported, so readers skip it without more errors.</summary>
    Alias,
}

/// <summary>
/// A YAML node with its 1-based position. Built from parser events without recursion (so deep nesting cannot
/// overflow the stack) and keeping duplicate keys (so they can be reported instead of silently winning).
/// </summary>
internal sealed class YamlNode(YamlNodeKind kind, int line, int column)
{
    public YamlNodeKind Kind { get; } = kind;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The text of a scalar; null for other kinds.</summary>
    public string? Value { get; init; }

    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar: "no value" rather than text.</summary>
    public bool IsNull { get; init; }

    /// <summary>Key/value pairs of a mapping, in document order, duplicates included.</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Pairs { get; } = [];

    /// <summary>Items of a sequence.</summary>
    public List<YamlNode> Items { get; } = [];

    /// <summary>While building: a mapping's key still waiting for its value.</summary>
    internal YamlNode? PendingKey { get; set; }

    /// <summary>How the node reads in an error message: "a mapping", "a list", "'text'" or "nothing".</summary>
    public string Describe() => Kind switch
    {
        YamlNodeKind.Mapping => "a mapping",
        YamlNodeKind.Sequence => "a list",
        YamlNodeKind.Alias => "an alias",
        _ when IsNull => "nothing",
        _ => $"'{Shorten(Value ?? "")}'",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
