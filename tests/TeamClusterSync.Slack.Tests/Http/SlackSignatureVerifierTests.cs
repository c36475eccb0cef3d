using System.Text;
using TeamClusterSync.Slack.Http;

namespace TeamClusterSync.Slack.Tests.Http;

public sealed class SlackSignatureVerifierTests
{
    // Slack's documented example request (api.slack.com, "Verifying requests from Slack").
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private static SlackSignatureVerifier At(long unixSeconds) =>
        new(Secret, new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Slacks_documented_example_verifies()
    {
        Assert.True(At(1531420618 + 60).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(1531420618 + 301)]
    [InlineData(1531420618 - 301)]
    public void Outside_the_five_minute_window_fails(long now)
    {
        Assert.False(At(now).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(Timestamp, null)]
    [InlineData(null, Signature)]
    [InlineData("not-a-number", Signature)]
    [InlineData(Timestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504")]
    [InlineData(Timestamp, "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData(Timestamp, "")]
    public void Missing_malformed_or_forged_headers_fail(string? timestamp, string? signature)
    {
        Assert.False(At(1531420618).Verify(timestamp, signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void A_changed_body_fails()
    {
        Assert.False(At(1531420618).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body + "&x=1")));
    }
}

/// <summary>A clock stopped at one instant, so replay-window tests do not depend on when they run.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
