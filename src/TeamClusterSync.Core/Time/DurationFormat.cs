using System.Globalization;

namespace TeamClusterSync.Core.Time;

/// <summary>
/// Durations as people write them in config and chat: a whole number and a unit, <c>90m</c>, <c>8h</c>, <c>2d</c>
/// (also <c>30s</c> and <c>1w</c>); units may be combined largest first, as in <c>1h30m</c>.
/// </summary>
public static class DurationFormat
{
    private static readonly (char Unit, TimeSpan Size)[] Units =
    [
        ('w', TimeSpan.FromDays(7)),
        ('d', TimeSpan.FromDays(1)),
        ('h', TimeSpan.FromHours(1)),
        ('m', TimeSpan.FromMinutes(1)),
        ('s', TimeSpan.FromSeconds(1)),
    ];

    /// <summary>Parses a positive duration; false for empty, zero, negative, unknown units or overflow.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        var span = text.Trim().AsSpan();
        var lastUnit = -1;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == span.Length)
            {
                return false;
            }

            var unitChar = char.ToLowerInvariant(span[digits]);
            var unit = Array.FindIndex(Units, u => u.Unit == unitChar);
            if (unit <= lastUnit || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            var ticks = Units[unit].Size.Ticks;
            if (count > TimeSpan.MaxValue.Ticks / ticks / 4)
            {
                return false;
            }

            duration += TimeSpan.FromTicks(count * ticks);
            lastUnit = unit;
            span = span[(digits + 1)..];
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>The shortest form that parses back to the same value, e.g. <c>1h30m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        var rest = duration;
        foreach (var (unit, size) in Units)
        {
            var count = rest.Ticks / size.Ticks;
            if (count > 0)
            {
                parts.Add(count.ToString(CultureInfo.InvariantCulture) + unit);
                rest -= TimeSpan.FromTicks(count * size.Ticks);
            }
        }

        return parts.Count == 0 ? "0s" : string.Concat(parts);
    }
}
