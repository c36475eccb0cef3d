using Xunit;

namespace TeamClusterSync.Testing;

/// <summary>Waits for something the replicas do in the background; the bound only keeps a broken build from hanging.</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
