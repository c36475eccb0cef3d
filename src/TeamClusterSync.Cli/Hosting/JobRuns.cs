using System.Collections.Concurrent;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>The reconciler runs of this process: how many are in flight (shutdown waits for them) and how many ran, by job.</summary>
internal sealed class JobRuns
{
    private readonly ConcurrentDictionary<string, int> finished = new(StringComparer.Ordinal);
    private int inFlight;

    public int InFlight => Volatile.Read(ref inFlight);

    public int Finished(string job) => finished.GetValueOrDefault(job);

    public int FinishedTotal => finished.Values.Sum();

    public void Started() => Interlocked.Increment(ref inFlight);

    public void Ended(string job)
    {
        finished.AddOrUpdate(job, 1, (_, count) => count + 1);
        Interlocked.Decrement(ref inFlight);
    }
}
