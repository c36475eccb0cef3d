using System.Diagnostics.Metrics;
using TeamClusterSync.App.Metrics;

namespace TeamClusterSync.App.Tests.Reconcilers;

/// <summary>Hears one of the app's counters.</summary>
internal static class CounterListener
{
    /// <summary>Each value recorded with <c>cluster</c> = <paramref name="cluster"/>, with the value of its tag <paramref name="tag"/>.</summary>
    public static MeterListener Listen(string instrument, string cluster, string tag, List<(double, string)> counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (published, l) =>
            {
                // By name: the instrument may be published while the metrics class is still initializing.
                if (published.Meter.Name == TeamClusterSyncMetrics.MeterName && published.Name == instrument)
                {
                    l.EnableMeasurementEvents(published);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var t = tags.ToArray();
            if (Equals(t.Single(x => x.Key == "cluster").Value, cluster))
            {
                lock (counted)
                {
                    counted.Add((value, (string)t.Single(x => x.Key == tag).Value!));
                }
            }
        });
        listener.Start();
        return listener;
    }
}
