using Octokit;
using Octokit.Internal;

namespace TeamClusterSync.GitHub.Http;

/// <summary>
/// Octokit's HTTP client with <c>If-None-Match</c> added per call. Octokit's own ResponseCache answers a 304 with the
/// cached body and stale rate-limit headers, so the caller cannot tell a free 304 from a paid 200; this decorator
/// lets the 304 through (Octokit does not treat it as an error) with its fresh headers.
/// </summary>
internal sealed class ConditionalHttpClient(IHttpClient inner) : IHttpClient
{
    /// <summary>The ETag to send with requests made in the current async flow; null sends none.</summary>
    public AsyncLocal<string?> IfNoneMatch { get; } = new();

    public Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IfNoneMatch.Value is { } etag)
        {
            request.Headers["If-None-Match"] = etag;
        }

        return inner.Send(request, cancellationToken, preprocessResponseBody);
    }

    public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

    public void Dispose() => inner.Dispose();
}
