using System.Globalization;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Config.Yaml;

/// <summary>
/// Reads typed values from one YAML mapping and reports every problem at the offending node. Opening the map
/// already reports duplicate and unknown keys; each getter reports a missing required key at the mapping and
/// a wrong value at the value, and returns null so the caller carries on and finds the file's other mistakes.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, KeyValuePair<YamlNode, YamlNode>> entries = new(StringComparer.Ordinal);

    private YamlMap(FileContext file, YamlNode node, string path)
    {
        File = file;
        Node = node;
        Path = path;
    }

    public FileContext File { get; }

    public YamlNode Node { get; }

    /// <summary>The dotted path of this mapping in the file ("" at the top), used to name keys in messages.</summary>
    public string Path { get; }

    /// <summary>Opens the top of a file: an empty document reads as an empty mapping.</summary>
    public static YamlMap? OpenRoot(FileContext file, YamlNode root, IReadOnlyList<string> allowed)
    {
        if (root is { Kind: YamlNodeKind.Scalar, IsNull: true })
        {
            root = new YamlNode(YamlNodeKind.Mapping, root.Line, root.Column);
        }

        if (root.Kind != YamlNodeKind.Mapping)
        {
            file.Error(root, $"expected a mapping with the keys {string.Join(", ", allowed)} at the top of the file, found {root.Describe()}");
            return null;
        }

        return Open(file, root, "", allowed);
    }

    /// <summary>Opens a mapping node already known to be one; reports duplicate and unknown keys.</summary>
    public static YamlMap Open(FileContext file, YamlNode node, string path, IReadOnlyList<string> allowed)
    {
        var map = new YamlMap(file, node, path);
        foreach (var pair in node.Pairs)
        {
            var key = pair.Key;
            if (key.Kind != YamlNodeKind.Scalar || key.IsNull)
            {
                if (key.Kind != YamlNodeKind.Alias)
                {
                    file.Error(key, $"keys must be plain names, found {key.Describe()}");
                }

                continue;
            }

            var name = key.Value!;
            if (map.entries.TryGetValue(name, out var first))
            {
                file.Error(key, $"duplicate key '{map.Name(name)}' (first set on line {first.Key.Line.ToString(CultureInfo.InvariantCulture)})");
            }
            else if (!allowed.Contains(name))
            {
                var where = path.Length == 0 ? "" : $" in '{path}'";
                file.Error(key, $"unknown key '{name}'{where}; allowed keys: {string.Join(", ", allowed)}");
            }
            else
            {
                map.entries[name] = pair;
            }
        }

        return map;
    }

    /// <summary>The full dotted name of a key of this mapping, as messages show it.</summary>
    public string Name(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? KeyNode(string key) => entries.TryGetValue(key, out var pair) ? pair.Key : null;

    /// <summary>
    /// The value node of <paramref name="key"/>, or null when absent or null (a required one is then reported).
    /// Aliases also give null: they were reported when the file was read.
    /// </summary>
    public YamlNode? Value(string key, bool required)
    {
        if (!entries.TryGetValue(key, out var pair))
        {
            if (required)
            {
                File.Error(Node, $"missing required key '{Name(key)}'");
            }

            return null;
        }

        var value = pair.Value;
        if (value.Kind == YamlNodeKind.Alias)
        {
            return null;
        }

        if (value.IsNull)
        {
            if (required)
            {
                File.Error(value, $"'{Name(key)}' needs a value");
            }

            return null;
        }

        return value;
    }

    public YamlMap? Map(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var node = Value(key, required);
        if (node is null)
        {
            return null;
        }

        if (node.Kind != YamlNodeKind.Mapping)
        {
            File.Error(node, $"'{Name(key)}' must be a mapping with the keys {string.Join(", ", allowed)}, found {node.Describe()}");
            return null;
        }

        return Open(File, node, Name(key), allowed);
    }

    public string? String(string key, bool required = false) => String(key, required, out _);

    public string? String(string key, bool required, out YamlNode? node)
    {
        node = Value(key, required);
        return node is null ? null : Text(node, Name(key));
    }

    /// <summary>The text of a scalar, or null (reported) for a mapping or list.</summary>
    public string? Text(YamlNode node, string name)
    {
        if (node is { Kind: YamlNodeKind.Scalar, IsNull: false })
        {
            return node.Value;
        }

        File.Error(node, $"'{name}' must be text, found {node.Describe()}");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = String(key, false, out var node);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                File.Error(node!, $"'{Name(key)}' must be true or false, found {node!.Describe()}");
                return null;
        }
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key, false, out var node);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        File.Error(node!, $"'{Name(key)}' must be a whole number from {min} to {max}, found {node!.Describe()}");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        var text = String(key, false, out var node);
        if (text is null)
        {
            return null;
        }

        if (DurationFormat.TryParse(text, out var duration))
        {
            return duration;
        }

        File.Error(node!, $"'{Name(key)}' is not a duration: {node!.Describe()}; write a number and a unit, e.g. 90m, 8h, 2d");
        return null;
    }

    /// <summary>One of a fixed set of lower-case words; returns the word.</summary>
    public string? OneOf(string key, IReadOnlyList<string> words, bool required = false)
    {
        var text = String(key, required, out var node);
        if (text is null || words.Contains(text))
        {
            return text;
        }

        File.Error(node!, $"'{Name(key)}' must be one of {string.Join(", ", words)}, found {node!.Describe()}");
        return null;
    }

    /// <summary>A list of text items, each with its node; null when absent or not a list (reported).</summary>
    public List<(string Text, YamlNode Node)>? TextList(string key)
    {
        var node = Value(key, false);
        if (node is null)
        {
            return null;
        }

        if (node.Kind != YamlNodeKind.Sequence)
        {
            File.Error(node, $"'{Name(key)}' must be a list, found {node.Describe()}");
            return null;
        }

        var items = new List<(string, YamlNode)>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (item.Kind != YamlNodeKind.Alias && Text(item, $"{Name(key)}[{i.ToString(CultureInfo.InvariantCulture)}]") is { } text)
            {
                items.Add((text, item));
            }
        }

        return items;
    }
}
