using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TeamClusterSync.Slack.Http;

/// <summary>
/// Checks Slack's request signature: <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c> keyed with the
/// signing secret. A timestamp more than five minutes from now is refused so a captured request cannot be
/// replayed; the comparison is constant-time so the signature cannot be guessed byte by byte.
/// </summary>
public sealed class SlackSignatureVerifier
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");
    private readonly byte[] key;
    private readonly TimeProvider time;

    public SlackSignatureVerifier(string signingSecret, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        key = Encoding.UTF8.GetBytes(signingSecret);
        this.time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>True only for a well-formed, fresh, correctly signed request.</summary>
    /// <param name="timestamp">The <c>X-Slack-Request-Timestamp</c> header (unix seconds).</param>
    /// <param name="signature">The <c>X-Slack-Signature</c> header.</param>
    public bool Verify(string? timestamp, string? signature, ReadOnlySpan<byte> rawBody)
    {
        if (!Plausible(timestamp, signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(timestamp!, rawBody));
        var actual = Encoding.ASCII.GetBytes(signature!);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// What can be checked before the body is read: both headers present, the signature shaped as Slack's
    /// (<c>v0=</c> and 64 hex digits), the timestamp within five minutes. A request failing this is refused unread.
    /// </summary>
    public bool Plausible(string? timestamp, string? signature)
    {
        if (signature is not { Length: 67 } || !signature.StartsWith("v0=", StringComparison.Ordinal) || signature.AsSpan(3).ContainsAnyExcept(HexDigits)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var age = this.time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        return age.Duration() <= Window;
    }

    private string Sign(string timestamp, ReadOnlySpan<byte> rawBody)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(message, 0);
        rawBody.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }
}
