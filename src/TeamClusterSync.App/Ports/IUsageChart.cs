using TeamClusterSync.App.Usage;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// Draws a usage report as a PNG: one row per cluster over the period, coloured by who held it, with idle gaps and
/// hibernation. Rendering needs a graphics library, which the app does not reference: the host provides it.
/// </summary>
public interface IUsageChart
{
    byte[] RenderPng(UsageReport report);
}
