using System.Globalization;

namespace TeamClusterSync.GitHub;

/// <summary>
/// What is left of the token's GitHub budget, as the last responses said (<c>x-ratelimit-remaining</c>,
/// <c>x-ratelimit-reset</c>, <c>Retry-After</c>). Reads stop while fewer than the reserve remain, or while GitHub asked
/// to wait, so the sync never spends the token's last requests (other clients share it) nor runs into the wall.
/// </summary>
internal sealed class RateBudget(int reserve, TimeProvider clock)
{
    private readonly Lock gate = new();
    private DateTimeOffset? blockedUntil;
    private string reason = "";

    /// <summary>Null when a request may go; else when reading may resume, and why not now.</summary>
    public (DateTimeOffset ResumeAt, string Reason)? Blocked()
    {
        lock (gate)
        {
            return blockedUntil is { } until && until > clock.GetUtcNow() ? (until, reason) : null;
        }
    }

    /// <summary>Takes in a response's rate-limit headers (absent ones change nothing).</summary>
    public void Observe(IReadOnlyDictionary<string, string> headers)
    {
        if (Header(headers, "x-ratelimit-remaining") is { } remaining && remaining <= reserve && Header(headers, "x-ratelimit-reset") is { } reset)
        {
            Block(DateTimeOffset.FromUnixTimeSeconds(reset), $"GitHub's rate limit is nearly spent ({remaining.ToString(CultureInfo.InvariantCulture)} requests left)");
        }
    }

    /// <summary>A 403/429 that is a rate limit: primary (wait for the reset) or secondary (wait Retry-After, else a minute).</summary>
    public bool ObserveRefusal(IReadOnlyDictionary<string, string> headers, bool secondary)
    {
        if (Header(headers, "retry-after") is { } seconds)
        {
            Block(clock.GetUtcNow().AddSeconds(seconds), "GitHub asked to slow down (secondary rate limit)");
            return true;
        }

        if (Header(headers, "x-ratelimit-remaining") == 0)
        {
            var reset = Header(headers, "x-ratelimit-reset") is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : clock.GetUtcNow().AddMinutes(1);
            Block(reset, "GitHub's rate limit is spent");
            return true;
        }

        if (secondary)
        {
            Block(clock.GetUtcNow().AddMinutes(1), "GitHub asked to slow down (secondary rate limit)");
        }

        return secondary;
    }

    private void Block(DateTimeOffset until, string why)
    {
        lock (gate)
        {
            if (blockedUntil is null || until > blockedUntil)
            {
                (blockedUntil, reason) = (until, why);
            }
        }
    }

    private static long? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
