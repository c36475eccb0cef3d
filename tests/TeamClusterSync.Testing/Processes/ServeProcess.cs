using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TeamClusterSync.Testing.Processes;

/// <summary>
/// The real <c>teamclustersync</c> executable as a child process with an environment of our choosing: what it
/// prints, its memory, and a SIGTERM as Kubernetes sends one.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> stdout = new();
    private readonly ConcurrentQueue<string> stderr = new();

    private ServeProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Add(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Add(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The executable beside the calling assembly (test and bench projects reference the Cli project).</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "teamclustersync");

    public IReadOnlyList<string> Stdout => [.. stdout];

    public string Stderr => string.Join('\n', stderr);

    public bool HasExited => process.HasExited;

    /// <summary>Resident memory now, from <c>/proc/PID/status</c> (VmRSS), in bytes.</summary>
    public long ResidentBytes =>
        long.Parse(File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    /// <param name="environment">The whole environment besides PATH: nothing of the caller's leaks in.</param>
    public static ServeProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var path = Environment.GetEnvironmentVariable("PATH");
        info.Environment.Clear();
        info.Environment["PATH"] = path;
        // The apphost finds the runtime through DOTNET_ROOT: the one running us (…/shared/Microsoft.NETCore.App/<version>/).
        info.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new ServeProcess(Process.Start(info)!);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits until <c>/readyz</c> says ready with nothing degraded (the config repo read, Slack answering); fails with
    /// what the process printed if it exits or takes too long.
    /// </summary>
    public async Task WaitReadyAsync(HttpClient http, Uri baseUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"serve did not get ready (exited: {process.HasExited}):\n{string.Join('\n', Stdout)}\n{Stderr}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "/readyz"));
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).StartsWith("ready: ", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM and waits (bounded) for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bounded.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static void Add(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
