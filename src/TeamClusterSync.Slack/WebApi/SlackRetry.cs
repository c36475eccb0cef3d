using System.Net;
using Polly;
using Polly.Retry;

namespace TeamClusterSync.Slack.WebApi;

/// <summary>What one HTTP attempt produced, read fully so a retry never reuses a disposed response.</summary>
internal sealed record SlackHttpResult(HttpStatusCode Status, TimeSpan? RetryAfter, string Body);

/// <summary>
/// The retry pipeline around every Web API attempt: 429 waits <c>Retry-After</c> as sent (Slack's rate-limit contract),
/// 5xx and network failures back off exponentially. Everything else, including <c>ok:false</c>, is final.
/// </summary>
internal static class SlackRetry
{
    /// <summary>
    /// Added to every Retry-After wait: timers may fire a millisecond early against the server's clock, and a
    /// retry that lands a hair inside the window is rate-limited again.
    /// </summary>
    private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(100);

    public static ResiliencePipeline<SlackHttpResult> Create(SlackClientOptions options) =>
        new ResiliencePipelineBuilder<SlackHttpResult>()
            .AddRetry(new RetryStrategyOptions<SlackHttpResult>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<SlackHttpResult>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException)
                    .HandleResult(IsTransient),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options)),
            })
            .Build();

    private static bool IsTransient(SlackHttpResult result) =>
        result.Status == HttpStatusCode.TooManyRequests || (int)result.Status >= 500;

    /// <summary>The server's Retry-After for 429s; null lets the exponential backoff decide.</summary>
    private static TimeSpan? RetryAfter(Outcome<SlackHttpResult> outcome, SlackClientOptions options)
    {
        if (outcome.Result is not { Status: HttpStatusCode.TooManyRequests } result)
        {
            return null;
        }

        return (result.RetryAfter ?? options.BaseDelay) + RetryAfterMargin;
    }
}
