using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;
using YamlDotNet.Core;

namespace TeamClusterSync.Config.State;

/// <summary>
/// Reads and writes <c>state/leases/&lt;cluster&gt;.yaml</c>. The output is byte-stable (fixed key order, UTC
/// timestamps without needless fractions, <c>[]</c> for empty lists) so that <c>git log -p</c> on a state file
/// shows exactly what a transition changed.
/// </summary>
public static class LeaseStateYaml
{
    private const string ReadWrite = "read-write";
    private const string ReadOnly = "read-only";

    /// <summary>The repo-relative path of a cluster's lease file.</summary>
    public static string PathOf(string cluster) => $"state/leases/{cluster}.yaml";

    public static string Write(LeaseState state)
    {
        var document = new LeaseStateDocument
        {
            Cluster = state.Cluster,
            Holders = [.. state.Holders.Select(h => new HolderDocument
            {
                User = h.User,
                Mode = h.Mode == AccessMode.ReadOnly ? ReadOnly : ReadWrite,
                Since = Format(h.Since),
                Expires = Format(h.Expires),
            })],
            Readers = [.. state.Readers.Select(r => new ReaderDocument { User = r.User, Since = Format(r.Since), Expires = Format(r.Expires) })],
            Pending = [.. state.Pending.Select(p => new PendingDocument { User = p.User, Requested = Format(p.Requested), TimedOut = Format(p.TimedOut) })],
            Line = state.Line.Count == 0 ? null : [.. state.Line.Select(w => new WaiterDocument
            {
                User = w.User, Since = Format(w.Since), OfferedUntil = Format(w.OfferedUntil), AnyOf = w.AnyOf ? true : null,
            })],
            Paused = state.Paused is { } p ? new PauseDocument { By = p.By, Reason = p.Reason, Since = Format(p.Since) } : null,
            Reprovision = state.Reprovision is { } r ? new PauseDocument { By = r.By, Reason = r.Reason, Since = Format(r.Since) } : null,
        };
        return StateYaml.LeaseSerializer.Serialize(document).ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Parses a lease file. Anything that is not a well-formed lease of <paramref name="cluster"/> throws a
    /// <see cref="FormatException"/> whose message starts with the file's path (and position when known), so a
    /// corrupt file is reported, never mistaken for a free cluster.
    /// </summary>
    public static LeaseState Read(string cluster, string yaml)
    {
        var path = PathOf(cluster);
        LeaseStateDocument? document;
        try
        {
            // Files this class wrote take the fast path (history parses thousands); anything else gets the full parser.
            document = CanonicalLeaseReader.TryRead(yaml) ?? StateYaml.Deserializer.Deserialize<LeaseStateDocument?>(yaml);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path}:{e.Start.Line}:{e.Start.Column}: {Innermost(e).Message}", e);
        }

        if (document is null)
        {
            throw new FormatException($"{path}: the file is empty; expected a lease with 'cluster: {cluster}'");
        }

        if (document.Cluster != cluster)
        {
            throw new FormatException($"{path}: 'cluster' is '{document.Cluster}', expected '{cluster}'");
        }

        return new LeaseState(
            cluster,
            [.. (document.Holders ?? []).Select((h, i) => new Holder(
                Login(path, $"holders[{i}].user", h.User),
                ParseMode(path, $"holders[{i}].mode", h.Mode),
                ParseTime(path, $"holders[{i}].since", h.Since),
                ParseTime(path, $"holders[{i}].expires", h.Expires)))],
            [.. (document.Readers ?? []).Select((r, i) => new Reader(
                Login(path, $"readers[{i}].user", r.User),
                ParseTime(path, $"readers[{i}].since", r.Since),
                ParseTime(path, $"readers[{i}].expires", r.Expires)))],
            [.. (document.Pending ?? []).Select((p, i) => new PendingRequest(
                Login(path, $"pending[{i}].user", p.User),
                ParseTime(path, $"pending[{i}].requested", p.Requested),
                OptionalTime(path, $"pending[{i}].timedOut", p.TimedOut)))])
        {
            Line = [.. (document.Line ?? []).Select((w, i) => new Waiter(
                Login(path, $"line[{i}].user", w.User),
                ParseTime(path, $"line[{i}].since", w.Since),
                OptionalTime(path, $"line[{i}].offeredUntil", w.OfferedUntil),
                w.AnyOf == true))],
            Paused = document.Paused is { } p
                ? new Pause(Login(path, "paused.by", p.By), Required(path, "paused.reason", p.Reason), ParseTime(path, "paused.since", p.Since))
                : null,
            Reprovision = document.Reprovision is { } r
                ? new ReprovisionRequest(Login(path, "reprovision.by", r.By), Required(path, "reprovision.reason", r.Reason), ParseTime(path, "reprovision.since", r.Since))
                : null,
        };
    }

    /// <summary>ISO-8601 UTC; whole seconds print without a fraction, finer times keep theirs so reads round-trip.</summary>
    public static string Format(DateTimeOffset time) => Timestamps.Iso(time);

    private static string? Format(DateTimeOffset? time) => time is { } t ? Format(t) : null;

    private static DateTimeOffset? OptionalTime(string path, string key, string? value) =>
        value is null ? null : ParseTime(path, key, value);

    private static string Required(string path, string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{path}: '{key}' is missing") : value;

    /// <summary>A login, as the config files' logins are checked: a hand edit must not smuggle mentions or markup into messages.</summary>
    private static string Login(string path, string key, string? value) =>
        Person.IsLogin(Required(path, key, value)) ? value! : throw new FormatException($"{path}: '{key}' is '{value}', which is not a GitHub login");

    private static AccessMode ParseMode(string path, string key, string? value) => value switch
    {
        ReadWrite => AccessMode.ReadWrite,
        ReadOnly => AccessMode.ReadOnly,
        _ => throw new FormatException($"{path}: '{key}' is '{value}', expected {ReadWrite} or {ReadOnly}"),
    };

    private static DateTimeOffset ParseTime(string path, string key, string? value) =>
        Timestamps.TryParseIso(value, out var time)
            ? time
            : throw new FormatException($"{path}: '{key}' is '{value}', expected an ISO-8601 UTC time like 2026-11-25T06:30:00Z");

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
