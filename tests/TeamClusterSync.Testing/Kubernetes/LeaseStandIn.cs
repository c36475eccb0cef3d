using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamClusterSync.Testing.Kubernetes;

/// <summary>
/// A loopback API server for <c>coordination.k8s.io/v1</c> Leases as the real one keeps them: every write bumps
/// <c>metadata.resourceVersion</c>, a create of an existing Lease is 409, and a replace that carries a stale
/// resourceVersion is 409 (optimistic concurrency: of two replicas racing, exactly one write lands).
/// </summary>
public sealed class LeaseStandIn : IAsyncDisposable
{
    private const string Prefix = "/apis/coordination.k8s.io/v1/namespaces/";
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> leases = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> holders = new();
    private readonly ConcurrentDictionary<string, bool> refused = new(StringComparer.Ordinal);
    private long version;
    private int writes;

    private LeaseStandIn(WebApplication app) => this.app = app;

    public string Url => app.Urls.First();

    /// <summary>Every holder a write recorded, in order, repeats collapsed ("" once the holder gave the Lease up).</summary>
    public IReadOnlyList<string> HolderHistory => [.. holders];

    /// <summary>Writes that landed (creates and replaces, renewals included).</summary>
    public int Writes => Volatile.Read(ref writes);

    /// <param name="port">0: any free port; a given port lets a test start the API after a client already tried it.</param>
    public static async Task<LeaseStandIn> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new LeaseStandIn(app);
        app.Map("/{**path}", standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    /// <summary>The holder of the Lease, or null when there is none (or it was given up).</summary>
    public string? Holder(string ns, string name)
    {
        lock (gate)
        {
            return leases.TryGetValue($"{Prefix}{ns}/leases/{name}", out var lease)
                ? lease["spec"]?["holderIdentity"]?.GetValue<string>() is { Length: > 0 } holder ? holder : null
                : null;
        }
    }

    /// <summary>From now on, writes on behalf of <paramref name="identity"/> fail with 500: that replica can no longer renew (as if cut off).</summary>
    public void CutOff(string identity) => refused[identity] = true;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimEnd('/');
        var body = context.Request.Method is "POST" or "PUT" ? (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [] : null;
        var (status, answer) = !path.StartsWith(Prefix, StringComparison.Ordinal)
            ? (404, KubeStandIn.Status(404, "NotFound", path))
            : Handle(context.Request.Method, path, body);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(answer);
    }

    private (int, JsonObject) Handle(string method, string path, JsonObject? body)
    {
        if (body?["spec"]?["holderIdentity"]?.GetValue<string>() is { } writer && refused.ContainsKey(writer))
        {
            return (500, KubeStandIn.Status(500, "InternalError", "cut off"));
        }

        lock (gate)
        {
            return method switch
            {
                "GET" => leases.TryGetValue(path, out var found) ? (200, Copy(found)) : (404, KubeStandIn.Status(404, "NotFound", path)),
                "POST" => Create($"{path}/{body!["metadata"]?["name"]?.GetValue<string>()}", body),
                "PUT" => Replace(path, body!),
                _ => (405, KubeStandIn.Status(405, "MethodNotAllowed", method)),
            };
        }
    }

    private (int, JsonObject) Create(string path, JsonObject body)
    {
        if (leases.ContainsKey(path))
        {
            return (409, KubeStandIn.Status(409, "AlreadyExists", $"{path} already exists"));
        }

        return (201, Store(path, body));
    }

    private (int, JsonObject) Replace(string path, JsonObject body)
    {
        if (!leases.TryGetValue(path, out var current))
        {
            return (404, KubeStandIn.Status(404, "NotFound", path));
        }

        var expected = current["metadata"]!["resourceVersion"]!.GetValue<string>();
        var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
        return sent == expected
            ? (200, Store(path, body))
            : (409, KubeStandIn.Status(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again"));
    }

    private JsonObject Store(string path, JsonObject body)
    {
        body["apiVersion"] = "coordination.k8s.io/v1";
        body["kind"] = "Lease";
        var metadata = body["metadata"] as JsonObject ?? [];
        metadata["resourceVersion"] = (++version).ToString(CultureInfo.InvariantCulture);
        body["metadata"] = metadata;
        leases[path] = body;
        Interlocked.Increment(ref writes);
        var holder = body["spec"]?["holderIdentity"]?.GetValue<string>() ?? "";
        if (holders.LastOrDefault() != holder)
        {
            holders.Enqueue(holder);
        }

        return Copy(body);
    }

    private static JsonObject Copy(JsonObject value) => value.DeepClone().AsObject();
}
