using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using TeamClusterSync.Slack.Incoming;

namespace TeamClusterSync.Slack.Http;

/// <summary>
/// Slack's HTTP mode: <c>POST /slack/events</c>, <c>/slack/commands</c>, <c>/slack/interactive</c>. A request without
/// well-formed, fresh signature headers is refused (401) before its body is read; else the raw body is read once (at
/// most <see cref="MaxBodyBytes"/>, else 413) and its signature checked before anything else (401 otherwise; the
/// handler never sees it); a signed body the bot cannot read is answered 400, never 500. A signed request is taken
/// once: events by <c>event_id</c>, slash commands and button presses by Slack's <c>trigger_id</c> (one per
/// invocation), remembered across restarts, so a captured request replayed within Slack's five minutes does nothing.
/// Slack wants an answer within 3 s, so every handler runs in the background after the response.
/// </summary>
public static class SlackHttpEndpoints
{
    /// <summary>The immediate ephemeral answer to a slash command, shown while the work runs.</summary>
    public const string SlashCommandAck = "Working on it…";

    /// <summary>Slack's own payloads are a few KiB; anything past 1 MiB is not Slack.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <param name="handledEventsFile">Where handled event ids are kept across restarts; null keeps them in memory only.</param>
    /// <param name="journalDirectory">
    /// Where items are journaled before Slack gets its 200 (see <see cref="EventJournal"/>); what an earlier process
    /// left unfinished there is handled now. Null: no journal.
    /// </param>
    public static void Map(
        IEndpointRouteBuilder app,
        SlackSignatureVerifier verifier,
        Func<SlackIncoming, CancellationToken, Task> handler,
        string? handledEventsFile = null,
        string? journalDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(SlackHttpEndpoints).FullName!) ?? NullLogger.Instance;
        var recent = new HandledEvents(file: handledEventsFile);
        var journal = journalDirectory is null ? null : new EventJournal(journalDirectory);
        var context = new EndpointContext(
            verifier,
            new SlackDispatcher(handler, recent, logger, journal),
            recent,
            logger,
            app.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);
        context.Dispatcher.ResumeUnfinished(context.Stopping);

        app.MapPost("/slack/events", http => context.Guarded(http, Events));
        app.MapPost("/slack/commands", http => context.Guarded(http, Commands));
        app.MapPost("/slack/interactive", http => context.Guarded(http, Interactive));
    }

    private static IResult Events(EndpointContext context, SignedRequest request)
    {
        using var document = JsonDocument.Parse(request.Body);
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "url_verification")
        {
            return Results.Text(root.GetProperty("challenge").GetString() ?? "", "text/plain");
        }

        // A retry (X-Slack-Retry-Num) of an event we already took is answered 200 and dropped by the dedupe.
        if (type == "event_callback"
            && (SlackPayloadParser.EventId(root) is not { } eventId || context.Recent.TryAdd(eventId))
            && SlackPayloadParser.ParseEventCallback(root) is { } message)
        {
            context.Run(message, SlackPayloadParser.EventId(root));
        }

        return Results.Ok();
    }

    private static IResult Commands(EndpointContext context, SignedRequest request)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var key = request.ReplayKey("command", Field("trigger_id"));
        if (SlackPayloadParser.ParseSlashCommand(Field) is { } command && context.Recent.TryAdd(key))
        {
            context.Run(command, key);
        }

        return Results.Json(new { response_type = "ephemeral", text = SlashCommandAck });
    }

    private static IResult Interactive(EndpointContext context, SignedRequest request)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
        if (form.TryGetValue("payload", out var payload) && payload != StringValues.Empty)
        {
            using var document = JsonDocument.Parse(payload.ToString());
            var key = request.ReplayKey("action", SlackPayloadParser.TriggerId(document.RootElement));
            var actions = SlackPayloadParser.ParseInteractive(document.RootElement);
            if (actions.Count > 0 && context.Recent.TryAdd(key))
            {
                for (var i = 0; i < actions.Count; i++)
                {
                    context.Run(actions[i], key, journalKey: actions.Count == 1 ? key : $"{key}-{i}");
                }
            }
        }

        return Results.Ok();
    }

    /// <summary>A request whose signature checked out: its raw body, and the signature (what tells one request from another).</summary>
    private sealed record SignedRequest(byte[] Body, string Signature)
    {
        /// <summary>
        /// What a replay of this request repeats: Slack's <c>trigger_id</c>, unique to one invocation; a request without
        /// one is known by its signature, which a replay (the same body and timestamp) repeats byte for byte. Spelled as
        /// the journal names its files, so an item resumed after a crash is remembered under the same key.
        /// </summary>
        public string ReplayKey(string kind, string? triggerId) =>
            kind + "-" + string.Concat((triggerId is { Length: > 0 } ? triggerId : Signature).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
    }

    private sealed record EndpointContext(
        SlackSignatureVerifier Verifier,
        SlackDispatcher Dispatcher,
        HandledEvents Recent,
        ILogger Logger,
        CancellationToken Stopping)
    {
        /// <summary>
        /// Checks the headers, then reads the body (bounded) and verifies it, then answers with <paramref name="endpoint"/>.
        /// A request refused on its headers is answered unread, and its connection closed rather than drained.
        /// </summary>
        public async Task Guarded(HttpContext http, Func<EndpointContext, SignedRequest, IResult> endpoint)
        {
            var headers = http.Request.Headers;
            string? timestamp = headers["X-Slack-Request-Timestamp"];
            string? signature = headers["X-Slack-Signature"];
            IResult result;
            if (!Verifier.Plausible(timestamp, signature))
            {
                http.Response.Headers.Connection = "close";
                result = Results.Unauthorized();
            }
            else if (http.Request.ContentLength > MaxBodyBytes || await ReadBodyAsync(http.Request) is not { } body)
            {
                http.Response.Headers.Connection = "close";
                result = Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }
            else if (!Verifier.Verify(timestamp, signature, body))
            {
                result = Results.Unauthorized();
            }
            else
            {
                try
                {
                    result = endpoint(this, new SignedRequest(body, signature!));
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
                {
                    Logger.LogWarning("a signed Slack request to {Path} could not be read: {Error}", http.Request.Path, e.Message);
                    result = Results.BadRequest();
                }
            }

            await result.ExecuteAsync(http);
        }

        /// <summary>
        /// Journals the item (the 200 goes out after this returns), then hands it to the dispatcher; <paramref name="deliveryId"/>
        /// is recorded as handled once it was.
        /// </summary>
        public void Run(SlackIncoming item, string? deliveryId = null, string? journalKey = null)
        {
            var key = journalKey ?? deliveryId ?? Guid.NewGuid().ToString("N");
            Dispatcher.Journal(key, item);
            _ = Dispatcher.Dispatch(item, deliveryId, Stopping, key);
        }

        private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
