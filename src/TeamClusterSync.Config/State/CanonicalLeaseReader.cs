namespace TeamClusterSync.Config.State;

/// <summary>
/// Reads lease files in exactly the layout <see cref="LeaseStateYaml.Write"/> produces, without a YAML parser:
/// <c>history</c> parses one file per transition, and a general parser costs ~20 µs (and much JIT) per file.
/// Returns null at the first line it does not expect (quoted scalars, comments, flow lists, another key order),
/// and the caller falls back to YamlDotNet, so hand-edited files are still read and reported properly.
/// </summary>
internal static class CanonicalLeaseReader
{
    public static LeaseStateDocument? TryRead(string yaml)
    {
        var lines = yaml.Split('\n');
        if (lines.Length < 5 || lines[^1].Length != 0)
        {
            return null;
        }

        var at = 0;
        var cluster = Scalar(lines[at++], "cluster: ");
        if (cluster is null)
        {
            return null;
        }

        var holders = List(lines, ref at, "holders", ["user", "mode", "since", "expires"]);
        var readers = holders is null ? null : List(lines, ref at, "readers", ["user", "since", "expires"]);
        var pending = readers is null ? null : List(lines, ref at, "pending", ["user", "requested"], optional: "timedOut");
        if (pending is null)
        {
            return null;
        }

        // The line is written only when someone waits.
        var line = at == lines.Length - 1 ? [] : List(lines, ref at, "line", ["user", "since"], optional: "offeredUntil");
        if (line is null || at != lines.Length - 1)
        {
            return null;
        }

        return new LeaseStateDocument
        {
            Cluster = cluster,
            Holders = [.. holders!.Select(v => new HolderDocument { User = v[0], Mode = v[1], Since = v[2], Expires = v[3] })],
            Readers = [.. readers!.Select(v => new ReaderDocument { User = v[0], Since = v[1], Expires = v[2] })],
            Pending = [.. pending.Select(v => new PendingDocument { User = v[0], Requested = v[1], TimedOut = v[2] })],
            Line = line.Count == 0 ? null : [.. line.Select(v => new WaiterDocument { User = v[0], Since = v[1], OfferedUntil = v[2] })],
        };
    }

    /// <summary>
    /// <c>key: []</c>, or <c>key:</c> followed by items of <c>  - k1: v</c> and <c>    k2: v</c> lines in key order, each
    /// item ending with an <paramref name="optional"/> key or not (its value is then null, one past the keys).
    /// </summary>
    private static List<string?[]>? List(string[] lines, ref int at, string key, string[] keys, string? optional = null)
    {
        if (at >= lines.Length)
        {
            return null;
        }

        var items = new List<string?[]>();
        if (lines[at] == key + ": []")
        {
            at++;
            return items;
        }

        if (lines[at] != key + ":")
        {
            return null;
        }

        at++;
        while (at < lines.Length && lines[at].StartsWith("  - ", StringComparison.Ordinal))
        {
            var values = new string?[keys.Length + 1];
            for (var k = 0; k < keys.Length; k++)
            {
                var prefix = (k == 0 ? "  - " : "    ") + keys[k] + ": ";
                if (at >= lines.Length || Scalar(lines[at++], prefix) is not { } value)
                {
                    return null;
                }

                values[k] = value;
            }

            if (optional is not null && at < lines.Length && Scalar(lines[at], $"    {optional}: ") is { } extra)
            {
                values[keys.Length] = extra;
                at++;
            }

            items.Add(values);
        }

        return items.Count == 0 ? null : items;
    }

    /// <summary>The plain scalar after <paramref name="prefix"/>, or null when it might need real YAML parsing.</summary>
    private static string? Scalar(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal) || line.Length == prefix.Length)
        {
            return null;
        }

        var value = line[prefix.Length..];
        if (value.EndsWith(':') || value is "null" or "Null" or "NULL")
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return null;
            }
        }

        return value;
    }
}
