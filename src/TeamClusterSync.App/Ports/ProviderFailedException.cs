using TeamClusterSync.Core.Credentials;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// A provider could not do what it was asked. <see cref="Summary"/> says what failed in a few words of the bot's own
/// (the step, an exit code): that is all git keeps. The message adds what the provider said, cut short and redacted,
/// for the person asking and the log; its raw output goes nowhere.
/// </summary>
public sealed class ProviderFailedException(string summary, string? said = null)
    : InvalidOperationException(said is { Length: > 0 } ? $"{summary}: {Secrets.Summary(said)}" : summary)
{
    public string Summary { get; } = summary;

    /// <summary>What git may keep of <paramref name="e"/>: its summary, or only that the provider failed.</summary>
    public static string SummaryOf(Exception e) => e is ProviderFailedException failed ? failed.Summary : "the provider failed";
}
