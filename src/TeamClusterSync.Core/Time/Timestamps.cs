using System.Globalization;

namespace TeamClusterSync.Core.Time;

/// <summary>
/// The two ways a time is written: <see cref="Human"/> for people (chat, terminal, commit subjects) and
/// <see cref="Iso"/> for machines (state files, JSON, environment variables). Always UTC, so a team spread over
/// time zones reads one clock.
/// </summary>
public static class Timestamps
{
    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary><c>2026-11-25 15:04 UTC</c>.</summary>
    public static string Human(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>2026-11-25T15:04:00Z</c> (ISO-8601; a fraction of a second only when there is one).</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads what <see cref="Iso"/> writes, and ISO-8601 times with an offset.</summary>
    public static bool TryParseIso(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text,
            [IsoFormat, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);
}
