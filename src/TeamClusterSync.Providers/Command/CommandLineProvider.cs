using System.Diagnostics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Providers.Command;

/// <summary>
/// The <c>command</c> provider: runs the operator's <c>provider.command.kubeconfig</c> executable, which prints the
/// kubeconfig on stdout. Details go in environment variables, never spliced into the command line, so no login or
/// cluster name can inject shell syntax: <c>TEAMCLUSTER_CLUSTER</c>, <c>TEAMCLUSTER_USER</c>,
/// <c>TEAMCLUSTER_MODE</c> (read-write | read-only), <c>TEAMCLUSTER_EXPIRES</c> (ISO-8601 UTC).
/// </summary>
public sealed class CommandLineProvider(TimeSpan? timeout = null) : IClusterProvider
{
    private readonly TimeSpan limit = timeout ?? TimeSpan.FromMinutes(1);

    public async Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        var modeName = mode == AccessMode.ReadWrite ? "read-write" : "read-only";
        var kubeconfig = await RunAsync("provider.command.kubeconfig", spec.Kubeconfig, new Dictionary<string, string>
        {
            ["TEAMCLUSTER_CLUSTER"] = cluster.Name,
            ["TEAMCLUSTER_USER"] = user,
            ["TEAMCLUSTER_MODE"] = modeName,
            ["TEAMCLUSTER_EXPIRES"] = Timestamps.Iso(expires),
        }, ct);
        var suffix = mode == AccessMode.ReadWrite ? "" : "-readonly";
        return new IssuedCredentials($"kubeconfig-{cluster.Name}{suffix}.yaml", kubeconfig, $"{modeName} via {spec.Kubeconfig}");
    }

    /// <summary>Command clusters have no revoke hook: their credentials end when the operator's tooling says so.</summary>
    public Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs <c>provider.command.destroy</c>, then <c>create</c>, each told the cluster in <c>TEAMCLUSTER_CLUSTER</c>.</summary>
    public async Task ReprovisionAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        var environment = new Dictionary<string, string> { ["TEAMCLUSTER_CLUSTER"] = cluster.Name };
        await RunAsync("provider.command.destroy", spec.Destroy, environment, ct, expectOutput: false);
        await RunAsync("provider.command.create", spec.Create, environment, ct, expectOutput: false);
    }

    /// <summary>Runs <c>provider.command.check</c>: each line it prints is one thing off; no command, or no lines, means clean.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        if (spec.Check is null)
        {
            return [];
        }

        var output = await RunAsync("provider.command.check", spec.Check, new Dictionary<string, string> { ["TEAMCLUSTER_CLUSTER"] = cluster.Name }, ct, expectOutput: false);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>Runs <c>provider.command.restore</c>; a cluster without one cannot be restored by the bot.</summary>
    public async Task RestoreAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        var restore = spec.Restore ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command.restore; restore it by hand");
        await RunAsync("provider.command.restore", restore, new Dictionary<string, string> { ["TEAMCLUSTER_CLUSTER"] = cluster.Name }, ct, expectOutput: false);
    }

    /// <summary>Runs one of the cluster's commands; errors name the <paramref name="step"/> (people see them), never the command line.</summary>
    private async Task<string> RunAsync(string step, string command, Dictionary<string, string> environment, CancellationToken ct, bool expectOutput = true)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {step}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{step} did not finish within {limit.TotalSeconds:0.#} s");
        }

        if (process.ExitCode != 0)
        {
            // stderr is the operator's own diagnostics; stdout may hold a partial credential, so it is never shown.
            throw new InvalidOperationException($"{step} failed with exit code {process.ExitCode}: {Tail(await stderr)}");
        }

        var kubeconfig = await stdout;
        return kubeconfig.Trim().Length > 0 || !expectOutput ? kubeconfig : throw new InvalidOperationException($"{step} printed no kubeconfig");
    }

    private static string Tail(string text) => text.Trim() is { Length: > 300 } t ? "…" + t[^300..] : text.Trim();
}
