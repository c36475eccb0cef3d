using Microsoft.Extensions.Logging;
using TeamClusterSync.Cli.Hosting;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>
/// The log's edge: what reaches the console formatter (the message, the fields the JSON format writes under
/// <c>State</c>, the exception's text) has no token left, whoever logged it.
/// </summary>
public sealed class RedactingLoggerProviderTests
{
    [Fact]
    public void A_line_its_fields_and_its_exception_reach_the_formatter_redacted()
    {
        var lines = new List<string>();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new RedactingLoggerProvider(new Recording(lines))));
        var logger = factory.CreateLogger("test");

        logger.LogError(
            new InvalidOperationException("hub said: Authorization: Bearer abcdefgh12345678"),
            "leader election: {Error} (as {Token})", "Unauthorized sha256~AbCdEf0123456789", "xoxb-1-2-secret");

        Assert.Equal(
            [
                "message: leader election: Unauthorized *** (as ***)",
                "Error = Unauthorized ***",
                "Token = ***",
                "{OriginalFormat} = leader election: {Error} (as {Token})",
                "exception: System.InvalidOperationException: hub said: Authorization: Bearer ***",
            ],
            lines);
    }

    /// <summary>Writes what a console formatter would: the formatted message, each field, the exception's text.</summary>
    private sealed class Recording(List<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Add("message: " + formatter(state, exception));
            lines.AddRange(((IReadOnlyList<KeyValuePair<string, object?>>)state!).Select(f => $"{f.Key} = {f.Value}"));
            lines.Add("exception: " + exception);
        }

        public void Dispose()
        {
        }
    }
}
