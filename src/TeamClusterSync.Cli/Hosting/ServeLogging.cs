using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Log lines for people (<c>text</c>, one line each) or for a log stack (<c>json</c>, one object per line with the
/// template's fields and the scopes' fields, e.g. Actor, Command, Cluster, Commit). Framework chatter is kept to warnings.
/// </summary>
internal static class ServeLogging
{
    public const string Text = "text";
    public const string Json = "json";

    public static void Configure(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Quartz", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);
        if (format == Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            });
        }

        // The console provider, as configured above, writes only through the redaction step.
        var console = logging.Services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        logging.Services.Remove(console);
        logging.Services.AddSingleton<ILoggerProvider>(sp => new RedactingLoggerProvider(ActivatorUtilities.CreateInstance<ConsoleLoggerProvider>(sp)));
    }
}
