using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Testing.Kubernetes;

/// <summary>
/// A loopback Kubernetes API for the Hive provider: plain object storage under the REST paths (GET/POST/DELETE with
/// 201, 404 and 409 as <c>Status</c> objects, GET of a path holding no object as the list of those directly under it, PATCH as a JSON merge patch), plus the ServiceAccount TokenRequest subresource. It plays both the
/// hub and the claimed cluster: the admin kubeconfig it hands out points back at itself.
/// </summary>
public sealed class KubeStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requests = new();
    private int tokens;

    private KubeStandIn(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    /// <summary>Every request as <c>METHOD /path</c>.</summary>
    public IReadOnlyList<string> Requests => [.. requests];

    /// <summary>The <c>expirationSeconds</c> of each TokenRequest, in order.</summary>
    public ConcurrentQueue<long> TokenExpirations { get; } = new();

    /// <summary>
    /// Runs before each request is answered, with its method and path: a controller playing its part (the Hive hub
    /// stand-in moves its claims on), and the answer instead of the stored objects' when it returns one.
    /// </summary>
    public Func<string, string, (int Status, JsonObject Body)?>? BeforeEachRequest { get; set; }

    /// <summary>Runs once a request has changed the stored objects (a controller reacting to the change).</summary>
    public Action? AfterEachRequest { get; set; }

    public static async Task<KubeStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new KubeStandIn(app);
        app.Map("/{**path}", standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    /// <summary>Stores <paramref name="body"/> at <paramref name="path"/> (a collection path + <c>/name</c>).</summary>
    public void Put(string path, JsonObject body) => objects[path] = body;

    public JsonObject? Get(string path) => objects.TryGetValue(path, out var found) ? found : null;

    /// <summary>The stored paths that start with <paramref name="prefix"/>, in order.</summary>
    public IReadOnlyList<string> PathsUnder(string prefix) =>
        [.. objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    public void Remove(string path) => objects.TryRemove(path, out _);

    /// <summary>An admin kubeconfig whose API server is this stand-in.</summary>
    public string AdminKubeconfig(string cluster) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {cluster}
          cluster:
            server: {Url}
        users:
        - name: admin
          user:
            token: admin-token-{cluster}
        contexts:
        - name: admin
          context:
            cluster: {cluster}
            user: admin
        current-context: admin
        """;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimEnd('/');
        requests.Enqueue($"{context.Request.Method} {path}");
        var (status, body) = BeforeEachRequest?.Invoke(context.Request.Method, path) ?? await AnswerAsync(context, path);
        AfterEachRequest?.Invoke();
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body);
    }

    private async Task<(int, JsonObject)> AnswerAsync(HttpContext context, string path) =>
        context.Request.Method switch
        {
            "GET" => objects.TryGetValue(path, out var found) ? (200, found) : IsCollection(path) ? List(path) : NotFound(path),
            "DELETE" => objects.TryRemove(path, out _) ? (200, Status(200, "Success", "deleted")) : NotFound(path),
            "POST" when path.EndsWith("/token", StringComparison.Ordinal) => Token(await ReadAsync(context)),
            "POST" => Create(path, await ReadAsync(context)),
            "PATCH" when objects.TryGetValue(path, out var target) => (200, Merge(target, await ReadAsync(context))),
            "PATCH" => NotFound(path),
            _ => (405, Status(405, "MethodNotAllowed", context.Request.Method)),
        };

    /// <summary>
    /// <c>/api/v1/namespaces/ns/secrets</c> and <c>/apis/group/v1/namespaces/ns/things</c> name collections, one more
    /// segment names an object (a served cluster's <c>/clusters/&lt;name&gt;</c> prefix aside).
    /// </summary>
    private static bool IsCollection(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments.Length > 2 && segments[0] == "clusters" ? segments[2..] : segments;
        return rest.Length > 0 && (rest[0] == "api" ? rest.Length % 2 == 1 : rest.Length % 2 == 0);
    }

    /// <summary>A collection path lists the objects stored directly under it (a list of none when there are none).</summary>
    private (int, JsonObject) List(string collection) =>
        (200, new JsonObject
        {
            ["kind"] = "List",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray([.. PathsUnder(collection + "/").Where(p => !p[(collection.Length + 1)..].Contains('/', StringComparison.Ordinal)).Select(p => objects[p].DeepClone())]),
        });

    private (int, JsonObject) Create(string collection, JsonObject body)
    {
        var name = body["metadata"]?["name"]?.GetValue<string>() ?? "";
        return objects.TryAdd($"{collection}/{name}", body) ? (201, body) : (409, Status(409, "AlreadyExists", $"{name} already exists"));
    }

    private (int, JsonObject) Token(JsonObject request)
    {
        var seconds = request["spec"]?["expirationSeconds"]?.GetValue<long>() ?? 3600;
        TokenExpirations.Enqueue(seconds);
        request["status"] = new JsonObject
        {
            ["token"] = $"sa-token-{Interlocked.Increment(ref tokens)}",
            ["expirationTimestamp"] = DateTimeOffset.UtcNow.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        return (201, request);
    }

    /// <summary>RFC 7386: a null removes the key, an object merges into an object, anything else replaces.</summary>
    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }

    private static (int, JsonObject) NotFound(string path) => (404, Status(404, "NotFound", $"{path} not found"));

    public static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["status"] = code < 400 ? "Success" : "Failure",
        ["reason"] = reason,
        ["message"] = message,
        ["code"] = code,
    };

    private static async Task<JsonObject> ReadAsync(HttpContext context) =>
        (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [];
}
