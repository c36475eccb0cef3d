using Microsoft.Extensions.Logging;
using Quartz;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>One reconciler's job and how often it runs.</summary>
internal sealed record JobSchedule(JobKey Job, TimeSpan Period);

/// <summary>
/// The reconcilers' triggers on the Quartz scheduler, switched on and off as a whole: on while this replica should run
/// the scheduled work (always, or while it leads), off otherwise. The jobs stay registered (durable); only their
/// triggers come and go, so a new leader runs every job at once.
/// </summary>
internal sealed class ScheduledJobs(ISchedulerFactory factory, IEnumerable<JobSchedule> schedules, JobRuns runs, ILogger<ScheduledJobs> logger) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool running;

    public bool Running => running;

    /// <summary>Turns the triggers on, or off, to match <paramref name="run"/>; idempotent, one switch at a time.</summary>
    public async Task SwitchAsync(bool run, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (run != running)
            {
                var scheduler = await factory.GetScheduler(ct);
                await (run ? StartAsync(scheduler, ct) : StopAsync(scheduler, interrupt: true, ct));
                running = run;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>At shutdown: no new runs, and the runs in flight finish (bounded by <paramref name="ct"/>; then they are interrupted).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            var scheduler = await factory.GetScheduler(CancellationToken.None);
            await StopAsync(scheduler, interrupt: false, CancellationToken.None);
            running = false;
            while (!ct.IsCancellationRequested && runs.InFlight > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }

            await InterruptAllAsync(scheduler);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task StartAsync(IScheduler scheduler, CancellationToken ct)
    {
        foreach (var schedule in schedules)
        {
            var trigger = TriggerBuilder.Create()
                .WithIdentity(Trigger(schedule.Job))
                .ForJob(schedule.Job)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(schedule.Period).RepeatForever())
                .Build();
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
        }

        logger.LogInformation("scheduled jobs started: {Jobs}", string.Join(", ", schedules.Select(s => s.Job.Name)));
    }

    private async Task StopAsync(IScheduler scheduler, bool interrupt, CancellationToken ct)
    {
        await scheduler.UnscheduleJobs([.. schedules.Select(s => Trigger(s.Job))], ct);
        if (interrupt)
        {
            await InterruptAllAsync(scheduler);
        }

        logger.LogInformation("scheduled jobs stopped");
    }

    private async Task InterruptAllAsync(IScheduler scheduler)
    {
        foreach (var schedule in schedules)
        {
            await scheduler.Interrupt(schedule.Job, CancellationToken.None);
        }
    }

    private static TriggerKey Trigger(JobKey job) => new(job.Name + "-trigger", job.Group);
}
