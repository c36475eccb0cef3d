using Microsoft.Extensions.Logging;
using TeamClusterSync.Core.Credentials;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// The log's edge: every line passes the one redaction step (<see cref="Secrets"/>) on its way to the console, its
/// message, its fields and its exception's text alike, so whatever an outside system said that reached a log line
/// without passing the providers' edge (a library's exception, a server's error) shows no token either.
/// </summary>
internal sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

    public void Dispose() => inner.Dispose();

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var redacted = new Fields(
                Secrets.Redact(formatter(state, exception)),
                [.. fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value is string text ? Secrets.Redact(text) : f.Value))]);
            inner.Log(logLevel, eventId, redacted, exception is null ? null : new RedactedException(exception), static (s, _) => s.Message);
        }
    }

    /// <summary>The line's fields as the JSON formatter writes them (<c>State</c>), each text redacted.</summary>
    private sealed class Fields(string message, List<KeyValuePair<string, object?>> fields) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => fields.Count;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    /// <summary>An exception as the formatters print it (<see cref="ToString"/>: type, message, stack), redacted.</summary>
    private sealed class RedactedException(Exception original) : Exception(Secrets.Redact(original.Message))
    {
        public override string ToString() => Secrets.Redact(original.ToString());
    }
}
