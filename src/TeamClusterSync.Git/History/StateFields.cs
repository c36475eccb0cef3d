using System.Globalization;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git.History;

/// <summary>
/// A lease state as the history index's fields: each entry a letter and its values (<c>h</c> user mode since expires,
/// <c>r</c> user since expires, <c>p</c> user requested timed-out, <c>w</c> user since offered-until), times in the
/// round-trip format, so the state read back is the state written. The first <c>history</c> of a process decodes one
/// per revision, and this is several times faster than JSON.
/// </summary>
internal static class StateFields
{
    private const string RoundTrip = "O";

    public static void Append(List<string?> fields, LeaseState state)
    {
        foreach (var h in state.Holders)
        {
            fields.AddRange(["h", h.User, h.Mode == AccessMode.ReadWrite ? "rw" : "ro", Text(h.Since), Text(h.Expires)]);
        }

        foreach (var r in state.Readers)
        {
            fields.AddRange(["r", r.User, Text(r.Since), Text(r.Expires)]);
        }

        foreach (var p in state.Pending)
        {
            fields.AddRange(["p", p.User, Text(p.Requested), Text(p.TimedOut)]);
        }

        foreach (var w in state.Line)
        {
            fields.AddRange(["w", w.User, Text(w.Since), Text(w.OfferedUntil)]);
        }
    }

    /// <summary>The state in <paramref name="fields"/> from <paramref name="at"/> on.</summary>
    public static LeaseState Read(string cluster, List<string?> fields, int at)
    {
        var (holders, readers, pending, line) = (new List<Holder>(), new List<Reader>(), new List<PendingRequest>(), new List<Waiter>());
        while (at < fields.Count)
        {
            var f = fields[at];
            switch (f)
            {
                case "h":
                    holders.Add(new Holder(fields[at + 1]!, fields[at + 2] == "rw" ? AccessMode.ReadWrite : AccessMode.ReadOnly, Time(fields[at + 3]), Time(fields[at + 4])));
                    at += 5;
                    break;
                case "r":
                    readers.Add(new Reader(fields[at + 1]!, Time(fields[at + 2]), Time(fields[at + 3])));
                    at += 4;
                    break;
                case "p":
                    pending.Add(new PendingRequest(fields[at + 1]!, Time(fields[at + 2]), MaybeTime(fields[at + 3])));
                    at += 4;
                    break;
                case "w":
                    line.Add(new Waiter(fields[at + 1]!, Time(fields[at + 2]), MaybeTime(fields[at + 3])));
                    at += 4;
                    break;
                default:
                    throw new FormatException($"the history index has an entry \"{f}\" it does not know");
            }
        }

        return new LeaseState(cluster, holders, readers, pending) { Line = line };
    }

    private static string? Text(DateTimeOffset? time) => time?.ToString(RoundTrip, CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string? text) => DateTimeOffset.ParseExact(text!, RoundTrip, CultureInfo.InvariantCulture);

    private static DateTimeOffset? MaybeTime(string? text) => text is null ? null : Time(text);
}
