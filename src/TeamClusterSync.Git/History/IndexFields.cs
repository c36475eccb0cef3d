using System.Text;

namespace TeamClusterSync.Git.History;

/// <summary>
/// The tab-separated fields of the history index's lines. A field never holds a tab or a line break (they are written
/// <c>\t</c>, <c>\n</c>, <c>\r</c>, and a backslash <c>\\</c>), and <c>\-</c> alone is null, so any subject or trailer
/// a person wrote survives the trip.
/// </summary>
internal static class IndexFields
{
    private const string Null = "\\-";
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("\\\t\n\r");

    public static void Write(TextWriter writer, params ReadOnlySpan<string?> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write('\t');
            }

            Write(writer, fields[i]);
        }

        writer.Write('\n');
    }

    /// <summary>The line's fields, in order.</summary>
    public static List<string?> Split(ReadOnlySpan<byte> line)
    {
        var fields = new List<string?>(9);
        while (true)
        {
            var tab = line.IndexOf((byte)'\t');
            fields.Add(Read(tab < 0 ? line : line[..tab]));
            if (tab < 0)
            {
                return fields;
            }

            line = line[(tab + 1)..];
        }
    }

    private static void Write(TextWriter writer, string? field)
    {
        if (field is null)
        {
            writer.Write(Null);
            return;
        }

        if (field.AsSpan().IndexOfAny(Special) < 0)
        {
            writer.Write(field);
            return;
        }

        foreach (var c in field)
        {
            switch (c)
            {
                case '\\': writer.Write("\\\\"); break;
                case '\t': writer.Write("\\t"); break;
                case '\n': writer.Write("\\n"); break;
                case '\r': writer.Write("\\r"); break;
                default: writer.Write(c); break;
            }
        }
    }

    private static string? Read(ReadOnlySpan<byte> field)
    {
        if (field.SequenceEqual("\\-"u8))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(field);
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            plain.Append(text[i] == '\\' && i + 1 < text.Length
                ? text[++i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var other => other }
                : text[i]);
        }

        return plain.ToString();
    }
}
