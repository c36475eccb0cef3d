using System.Collections;
using System.Diagnostics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Credentials;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Providers.Command;

/// <summary>
/// The <c>command</c> provider: runs the operator's <c>provider.command.kubeconfig</c> executable, which prints the
/// kubeconfig on stdout. Details go in environment variables, never spliced into the command line, so no login or
/// cluster name can inject shell syntax: <c>TEAMCLUSTER_CLUSTER</c>, <c>TEAMCLUSTER_USER</c>,
/// <c>TEAMCLUSTER_MODE</c> (read-write | read-only), <c>TEAMCLUSTER_EXPIRES</c> (ISO-8601 UTC). The commands run with
/// a minimal environment (<see cref="CommandEnvironment"/>): a script that prints its environment shows no bot token.
/// </summary>
/// <param name="environment">The bot's own environment, from which the commands get what they may see; the process's by default.</param>
public sealed class CommandLineProvider(TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) : IClusterProvider
{
    private readonly TimeSpan limit = timeout ?? TimeSpan.FromMinutes(1);

    private readonly IReadOnlyDictionary<string, string> bot = environment ?? Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    public async Task<IssuedCredentials> IssueAsync(Cluster cluster, string user, AccessMode mode, DateTimeOffset expires, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        var modeName = mode == AccessMode.ReadWrite ? "read-write" : "read-only";
        var kubeconfig = await RunAsync("provider.command.kubeconfig", spec.Kubeconfig, spec, new Dictionary<string, string>
        {
            ["TEAMCLUSTER_CLUSTER"] = cluster.Name,
            ["TEAMCLUSTER_USER"] = user,
            ["TEAMCLUSTER_MODE"] = modeName,
            ["TEAMCLUSTER_EXPIRES"] = Timestamps.Iso(expires),
        }, ct);
        var suffix = mode == AccessMode.ReadWrite ? "" : "-readonly";
        return new IssuedCredentials($"kubeconfig-{cluster.Name}{suffix}.yaml", kubeconfig, $"{modeName} via {spec.Kubeconfig}");
    }

    /// <summary>
    /// Runs <c>provider.command.revoke</c> (told the cluster, user and mode as for issuing); without one, the
    /// credentials end when the operator's tooling says so.
    /// </summary>
    public async Task RevokeAsync(Cluster cluster, string user, AccessMode mode, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        if (spec.Revoke is { } revoke)
        {
            await RunAsync("provider.command.revoke", revoke, spec, new Dictionary<string, string>
            {
                ["TEAMCLUSTER_CLUSTER"] = cluster.Name,
                ["TEAMCLUSTER_USER"] = user,
                ["TEAMCLUSTER_MODE"] = mode == AccessMode.ReadWrite ? "read-write" : "read-only",
            }, ct, expectOutput: false);
        }
    }

    /// <summary>Runs <c>provider.command.destroy</c>, then <c>create</c>, each told the cluster in <c>TEAMCLUSTER_CLUSTER</c>.</summary>
    public async Task ReprovisionAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        var environment = new Dictionary<string, string> { ["TEAMCLUSTER_CLUSTER"] = cluster.Name };
        await RunAsync("provider.command.destroy", spec.Destroy, spec, environment, ct, expectOutput: false);
        await RunAsync("provider.command.create", spec.Create, spec, environment, ct, expectOutput: false);
    }

    /// <summary>Runs <c>provider.command.check</c>: each line it prints is one thing off; no command, or no lines, means clean.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        if (spec.Check is null)
        {
            return [];
        }

        var output = await RunAsync("provider.command.check", spec.Check, spec, new Dictionary<string, string> { ["TEAMCLUSTER_CLUSTER"] = cluster.Name }, ct, expectOutput: false);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>Runs <c>provider.command.restore</c>; a cluster without one cannot be restored by the bot.</summary>
    public async Task RestoreAsync(Cluster cluster, CancellationToken ct)
    {
        var spec = cluster.Provider.Command ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command");
        var restore = spec.Restore ?? throw new InvalidOperationException($"cluster {cluster.Name} has no provider.command.restore; restore it by hand");
        await RunAsync("provider.command.restore", restore, spec, new Dictionary<string, string> { ["TEAMCLUSTER_CLUSTER"] = cluster.Name }, ct, expectOutput: false);
    }

    /// <summary>
    /// What a command sees: <c>PATH</c> and <c>HOME</c>, the names the cluster file lists under
    /// <c>provider.command.env</c> (never one of the bot's secrets, whatever the file says), then the
    /// <c>TEAMCLUSTER_*</c> details of this call.
    /// </summary>
    internal Dictionary<string, string> CommandEnvironment(CommandProvider spec, Dictionary<string, string> details)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in spec.Environment.Prepend("HOME").Prepend("PATH").Where(n => !Secrets.BotVariables.Contains(n)))
        {
            if (bot.TryGetValue(name, out var value))
            {
                seen[name] = value;
            }
        }

        foreach (var (name, value) in details)
        {
            seen[name] = value;
        }

        return seen;
    }

    /// <summary>
    /// Runs one of the cluster's commands. A failure names the <paramref name="step"/> and exit code (all that git
    /// keeps) and what the command wrote on stderr, cut short and redacted; stdout may hold a partial credential, so it
    /// is never shown; the command line is never shown.
    /// </summary>
    private async Task<string> RunAsync(
        string step, string command, CommandProvider spec, Dictionary<string, string> details, CancellationToken ct, bool expectOutput = true)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        info.Environment.Clear();
        foreach (var (name, value) in CommandEnvironment(spec, details))
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new ProviderFailedException($"could not start {step}");
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
            throw new ProviderFailedException($"{step} failed with exit code {process.ExitCode}", Tail(Secrets.Redact(Secrets.Printable(await stderr))));
        }

        var kubeconfig = await stdout;
        return kubeconfig.Trim().Length > 0 || !expectOutput ? kubeconfig : throw new ProviderFailedException($"{step} printed no kubeconfig");
    }

    /// <summary>The end of stderr, where the reason for a failure usually is; cut only once redacted.</summary>
    private static string Tail(string text) => text.Trim() is { Length: > 300 } t ? "…" + t[^300..] : text.Trim();
}
