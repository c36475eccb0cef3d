using System.Buffers;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TeamClusterSync.Config.Yaml;

/// <summary>
/// Turns a file's bytes into a <see cref="YamlNode"/> tree, or reports why it cannot: too large, not UTF-8,
/// not YAML, nested too deep, anchors/aliases (unsupported, so a "billion laughs" file costs nothing), or more
/// than one document. Never throws for any input.
/// </summary>
internal static partial class YamlDocumentReader
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Far deeper than any config file needs, far shallower than anything that could hurt.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Returns the document's root; a null scalar at 1:1 for an empty file (read as "no keys" or "no items");
    /// null when the file could not be read (the reason is already reported).
    /// </summary>
    public static YamlNode? Read(FileContext file, byte[] bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            file.Error(1, 1, "file is larger than 1 MiB; config files are small, so this is not one");
            return null;
        }

        if (Decode(file, bytes) is not { } text)
        {
            return null;
        }

        try
        {
            return Build(file, new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            file.Error((int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {Reason(e)}");
            return null;
        }
#pragma warning disable CA1031 // The parser is third-party code fed arbitrary bytes: any failure is the file's fault, never a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            file.Error(1, 1, $"not valid YAML: the parser gave up ({e.GetType().Name})");
            return null;
        }
    }

    private static string? Decode(FileContext file, byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, written);
        }

        var (line, column) = Position(chars.AsSpan(0, written));
        var bad = read < span.Length ? $"bad byte 0x{span[read]:X2}" : "cut-off character";
        file.Error(line, column, $"file is not valid UTF-8 text ({bad} at offset {read + bytes.Length - span.Length})");
        return null;
    }

    private static (int Line, int Column) Position(ReadOnlySpan<char> before)
    {
        var lastNewline = before.LastIndexOf('\n');
        return (before.Count('\n') + 1, before.Length - lastNewline);
    }

    private static YamlNode? Build(FileContext file, Parser parser)
    {
        YamlNode? root = null;
        var open = new Stack<YamlNode>();
        var documents = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            if (e is NodeEvent { Anchor.IsEmpty: false } anchored && e is not AnchorAlias)
            {
                file.Error(Line(e), Column(e), $"anchors and aliases are not supported (&{anchored.Anchor.Value}); write the value out in full");
            }

            YamlNode? node = null;
            switch (e)
            {
                case DocumentStart when ++documents > 1:
                    file.Error(Line(e), Column(e), "only one YAML document per file is read; remove this second document ('---')");
                    return root;
                case Scalar s:
                    node = new YamlNode(YamlNodeKind.Scalar, Line(e), Column(e))
                    {
                        Value = s.Value,
                        IsNull = s.Style == ScalarStyle.Plain && s.Value is "" or "~" or "null" or "Null" or "NULL",
                    };
                    break;
                case AnchorAlias a:
                    file.Error(Line(e), Column(e), $"anchors and aliases are not supported (*{a.Value.Value}); write the value out in full");
                    node = new YamlNode(YamlNodeKind.Alias, Line(e), Column(e));
                    break;
                case MappingStart:
                    node = new YamlNode(YamlNodeKind.Mapping, Line(e), Column(e));
                    break;
                case SequenceStart:
                    node = new YamlNode(YamlNodeKind.Sequence, Line(e), Column(e));
                    break;
                case MappingEnd or SequenceEnd:
                    open.Pop();
                    break;
            }

            if (node is null)
            {
                continue;
            }

            if (open.TryPeek(out var parent))
            {
                Attach(parent, node);
            }
            else
            {
                root ??= node;
            }

            if (node.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence)
            {
                open.Push(node);
                if (open.Count > MaxDepth)
                {
                    file.Error(node, $"nested more than {MaxDepth} levels deep; config files are never this deep");
                    return null;
                }
            }
        }

        return root ?? new YamlNode(YamlNodeKind.Scalar, 1, 1) { Value = "", IsNull = true };
    }

    private static void Attach(YamlNode parent, YamlNode node)
    {
        if (parent.Kind == YamlNodeKind.Sequence)
        {
            parent.Items.Add(node);
        }
        else if (parent.PendingKey is null)
        {
            parent.PendingKey = node;
        }
        else
        {
            parent.Pairs.Add(new(parent.PendingKey, node));
            parent.PendingKey = null;
        }
    }

    private static int Line(ParsingEvent e) => (int)e.Start.Line;

    private static int Column(ParsingEvent e) => (int)e.Start.Column;

    /// <summary>The parser's reason without its "(Line: 1, Col: 2, Idx: 1) - (...):" prefix, lower-cased to fit our sentence.</summary>
    private static string Reason(YamlException e)
    {
        var reason = PositionPrefix().Replace(e.Message, "").Trim().TrimEnd('.');
        if (reason.Length == 0 || reason.StartsWith("Exception during", StringComparison.Ordinal))
        {
            return "the structure breaks here (check indentation, quotes and brackets)";
        }

        return char.ToLowerInvariant(reason[0]) + reason[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
