using System.Globalization;
using Xunit;

namespace TeamClusterSync.Testing;

/// <summary>
/// A lease history written through the chat on the manual clock, the way usage tests tell their story: each message
/// handled at its time, and checked to have committed something (a message that commits nothing is a story that did
/// not happen as told, and every figure read back from it would be off).
/// </summary>
public static class TimedChat
{
    /// <summary>
    /// Moves <paramref name="clock"/> to <paramref name="at"/>, has <paramref name="handle"/> answer <paramref name="login"/>'s
    /// <paramref name="text"/> (returning the replies in words, for the failure message), and fails unless a commit landed on
    /// <paramref name="origin"/>.
    /// </summary>
    public static async Task SayAsync(
        ManualClock clock, string origin, DateTimeOffset at, string login, string text, Func<string, string, Task<string>> handle)
    {
        clock.Advance(at - clock.GetUtcNow());
        var before = Commits(origin);
        var replies = await handle(login, text);
        Assert.True(Commits(origin) > before, $"{login} \"{text}\" at {at:yyyy-MM-dd HH:mm} committed nothing: {replies}");
    }

    /// <summary>A time on a day of November 2026, UTC: the month the example stories are told in.</summary>
    public static DateTimeOffset November(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static int Commits(string origin) => int.Parse(GitCli.Run(origin, "rev-list", "--count", "--all").Trim(), CultureInfo.InvariantCulture);
}
