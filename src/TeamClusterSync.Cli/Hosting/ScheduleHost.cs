using Microsoft.Extensions.Hosting;
using TeamClusterSync.Kubernetes.LeaderElection;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Decides where the scheduled jobs run. Without leader election, here, from start to stop. With it, only while this
/// replica holds the Lease: the jobs start when it gains leadership and stop at once when it loses it. At shutdown
/// the jobs in flight finish (bounded), then the Lease is given up so the next leader starts at once.
/// </summary>
internal sealed class ScheduleHost(ScheduledJobs jobs, LeaseElection? election) : IHostedService, IDisposable
{
    /// <summary>How long running jobs may take to finish at shutdown, and the bound on giving the Lease up.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (election is null)
        {
            await jobs.SwitchAsync(run: true, cancellationToken);
            return;
        }

        election.Changed += () => _ = FollowAsync();
        running = Task.Run(() => election.RunAsync(stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await running;
        using var bounded = new CancellationTokenSource(DrainTimeout);
        await jobs.DrainAsync(bounded.Token);
        if (election is not null)
        {
            await election.ReleaseAsync(bounded.Token);
        }
    }

    public void Dispose() => stopping.Dispose();

    /// <summary>Switches the jobs to match leadership as it is now (events may arrive in quick succession).</summary>
    private async Task FollowAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await jobs.SwitchAsync(election!.IsLeader);
        }
    }
}
