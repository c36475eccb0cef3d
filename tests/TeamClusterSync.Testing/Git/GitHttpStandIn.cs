using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Testing.Git;

/// <summary>
/// A loopback "smart HTTP" git server over a directory of bare repos, so tests can run the store against a real
/// http:// origin and count what it costs. Each request is handed to the real <c>git http-backend</c> CGI program,
/// so the wire protocol, hooks and refusals are git's own rather than an imitation; pushes are allowed anonymously.
/// </summary>
public sealed class GitHttpStandIn : IAsyncDisposable
{
    /// <summary>Variables that would point the CGI program at some other repo than the one asked for.</summary>
    private static readonly string[] RedirectingVariables =
        ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_CONFIG_PARAMETERS"];

    private readonly WebApplication app;
    private readonly string projectRoot;
    private Func<HttpContext, Task<bool>>? intercept;
    private long delayTicks;
    private int answersToLose;
    private int fetches;
    private int pushes;
    private int requests;

    private GitHttpStandIn(WebApplication app, string projectRoot)
    {
        this.app = app;
        this.projectRoot = projectRoot;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl => app.Urls.First().TrimEnd('/');

    /// <summary>Ref advertisements for fetching (<c>GET .../info/refs?service=git-upload-pack</c>) that reached git: one per fetch or ls-remote.</summary>
    public int Fetches => Volatile.Read(ref fetches);

    /// <summary>Pack uploads (<c>POST .../git-receive-pack</c>) that reached git: one per push attempt.</summary>
    public int Pushes => Volatile.Read(ref pushes);

    /// <summary>Every request that arrived, including ones <see cref="Intercept"/> answered (e.g. 401 challenges).</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>
    /// What a hosted forge costs before it does any work (100-300 ms a request on a real one): every request waits this
    /// long before it is answered, 401 challenges included. Zero by default (a disk-speed origin).
    /// </summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    /// <summary>
    /// The next <paramref name="count"/> pushes reach git (the branch moves) but their answer never leaves: the request
    /// hangs until the client gives up, as when a proxy or the network drops it on the way back.
    /// </summary>
    public void LoseNextPushAnswers(int count = 1) => Interlocked.Exchange(ref answersToLose, count);

    /// <summary>
    /// Runs before git sees a request; return true when it wrote the response itself (git is then skipped and nothing
    /// but <see cref="Requests"/> is counted). Lets a test simulate auth challenges or outages without a real proxy.
    /// </summary>
    public Func<HttpContext, Task<bool>>? Intercept
    {
        get => Volatile.Read(ref intercept);
        set => Volatile.Write(ref intercept, value);
    }

    /// <summary>Starts serving the bare repos under <paramref name="projectRoot"/> (see <see cref="UrlOf"/>).</summary>
    public static async Task<GitHttpStandIn> StartAsync(string projectRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectRoot);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // Pushes stream whole packs; Kestrel's 30 MB default would cut a large one off mid-upload.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new GitHttpStandIn(app, Path.GetFullPath(projectRoot));
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    /// <summary>The clone URL of a repo under the project root, e.g. <c>UrlOf("origin.git")</c> is <c>http://127.0.0.1:PORT/origin.git</c>.</summary>
    public string UrlOf(string repoName)
    {
        ArgumentException.ThrowIfNullOrEmpty(repoName);
        return $"{BaseUrl}/{repoName.Replace('\\', '/').Trim('/')}";
    }

    /// <summary>
    /// Answers every request without <c>Authorization: Basic</c> for exactly this user and password with a 401 and
    /// <c>WWW-Authenticate: Basic realm="x"</c>, as a private repo on a real host does. Replaces <see cref="Intercept"/>.
    /// </summary>
    public void RequireBasicAuth(string user, string password)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        Intercept = context =>
        {
            if (string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"x\"";
            return Task.FromResult(true);
        };
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        if (Delay is { Ticks: > 0 } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (Intercept is { } hook && await hook(context))
        {
            return;
        }

        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path.Value!.EndsWith("/info/refs", StringComparison.Ordinal)
            && request.Query["service"] == "git-upload-pack")
        {
            Interlocked.Increment(ref fetches);
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/git-receive-pack", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref pushes);
            if (TakeLostAnswer())
            {
                context.Response.Body = Stream.Null;
                await RunBackendAsync(context);
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                context.Abort();
                return;
            }
        }

        await RunBackendAsync(context);
    }

    private bool TakeLostAnswer()
    {
        while (Volatile.Read(ref answersToLose) is var left and > 0)
        {
            if (Interlocked.CompareExchange(ref answersToLose, left - 1, left) == left)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs <c>git http-backend</c> as a CGI program: request in through the environment and stdin, response out of stdout.</summary>
    private async Task RunBackendAsync(HttpContext context)
    {
        var request = context.Request;
        var info = new ProcessStartInfo("git")
        {
            ArgumentList = { "http-backend" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in RedirectingVariables)
        {
            info.Environment.Remove(name);
        }

        var env = info.Environment;
        env["GIT_PROJECT_ROOT"] = projectRoot;
        env["GIT_HTTP_EXPORT_ALL"] = "1";

        // Anonymous pushes: receive-pack is otherwise only offered to a REMOTE_USER the web server authenticated.
        env["GIT_CONFIG_COUNT"] = "1";
        env["GIT_CONFIG_KEY_0"] = "http.receivepack";
        env["GIT_CONFIG_VALUE_0"] = "true";
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["SERVER_PROTOCOL"] = request.Protocol;
        env["REQUEST_METHOD"] = request.Method;
        env["PATH_INFO"] = request.Path.Value;
        env["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        env["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        SetIfPresent(env, "CONTENT_TYPE", request.ContentType);
        SetIfPresent(env, "CONTENT_LENGTH", request.ContentLength?.ToString(CultureInfo.InvariantCulture));

        // git inflates gzip bodies itself when told (the git CLI compresses large fetch negotiations), and reads the
        // protocol version (v2 for the git CLI) from this header.
        SetIfPresent(env, "HTTP_CONTENT_ENCODING", request.Headers.ContentEncoding.ToString());
        SetIfPresent(env, "HTTP_GIT_PROTOCOL", request.Headers["Git-Protocol"].ToString());
        SetIfPresent(env, "REMOTE_USER", BasicUser(request.Headers.Authorization.ToString()));

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Feed stdin while reading stdout: git streams its answer before the whole pack has arrived, and a
            // full pipe on either side would otherwise stall both.
            var upload = CopyBodyAsync(request.Body, process.StandardInput.BaseStream, context.RequestAborted);
            var stdout = process.StandardOutput.BaseStream;
            var (headers, bodyStart) = await ReadCgiHeadersAsync(stdout, context.RequestAborted);
            if (headers is null)
            {
                await upload;
                await process.WaitForExitAsync(context.RequestAborted);
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                await context.Response.WriteAsync($"git http-backend wrote no CGI headers (exit {process.ExitCode}): {await stderr}");
                return;
            }

            ApplyHeaders(context.Response, headers);
            await context.Response.Body.WriteAsync(bodyStart, context.RequestAborted);
            await stdout.CopyToAsync(context.Response.Body, context.RequestAborted);
            await upload;
            await process.WaitForExitAsync(context.RequestAborted);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task CopyBodyAsync(Stream body, Stream stdin, CancellationToken ct)
    {
        try
        {
            await body.CopyToAsync(stdin, ct);
        }
        catch (IOException)
        {
            // git stopped reading (it refused the request early); its answer on stdout says why.
        }
        finally
        {
            // EOF ends the body for git when there is no CONTENT_LENGTH (chunked uploads, as libgit2 sends pushes).
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Reads stdout up to the blank line ending the CGI headers; returns them and the body bytes read past them.</summary>
    private static async Task<(List<(string Name, string Value)>? Headers, ReadOnlyMemory<byte> Body)> ReadCgiHeadersAsync(Stream stdout, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stdout.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                return (null, ReadOnlyMemory<byte>.Empty);
            }

            length += read;
            var (end, bodyStart) = FindHeaderEnd(buffer.AsSpan(0, length));
            if (end >= 0)
            {
                var headers = new List<(string, string)>();
                foreach (var line in Encoding.ASCII.GetString(buffer, 0, end).Split('\n'))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
                    }
                }

                return (headers, buffer.AsMemory(bodyStart, length - bodyStart));
            }
        }
    }

    /// <summary>Where the header block ends and the body starts; CGI programs may end lines with CRLF or bare LF.</summary>
    private static (int End, int BodyStart) FindHeaderEnd(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != '\n')
            {
                continue;
            }

            if (i + 1 < data.Length && data[i + 1] == '\n')
            {
                return (i, i + 2);
            }

            if (i + 2 < data.Length && data[i + 1] == '\r' && data[i + 2] == '\n')
            {
                return (i, i + 3);
            }
        }

        return (-1, -1);
    }

    private static void ApplyHeaders(HttpResponse response, List<(string Name, string Value)> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                // "Status: 404 Not Found"
                var code = value.Split(' ', 2)[0];
                response.StatusCode = int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }
    }

    /// <summary>The user of a Basic Authorization header, passed on as REMOTE_USER the way a web server would.</summary>
    private static string? BasicUser(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? decoded[..colon] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void SetIfPresent(IDictionary<string, string?> env, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            env.Remove(name);
        }
        else
        {
            env[name] = value;
        }
    }
}
