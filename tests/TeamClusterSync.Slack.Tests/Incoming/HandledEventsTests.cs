using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Slack.Tests.Incoming;

public sealed class HandledEventsTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-handled");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Recent_ids_forget_the_oldest_beyond_capacity()
    {
        var recent = new HandledEvents(capacity: 2);

        Assert.Equal([true, true, false, true, true], new[] { recent.TryAdd("a"), recent.TryAdd("b"), recent.TryAdd("a"), recent.TryAdd("c"), recent.TryAdd("a") });
    }

    [Fact]
    public void Ids_handled_to_the_end_survive_a_restart_and_ids_only_received_do_not()
    {
        var file = temp.Combine("handled.log");
        var before = new HandledEvents(file: file);
        before.TryAdd("Ev1");
        before.MarkHandled("Ev1");
        before.TryAdd("Ev2"); // received, then the process died before it was handled

        var after = new HandledEvents(file: file);

        Assert.False(after.TryAdd("Ev1"));
        Assert.True(after.TryAdd("Ev2"));
    }

    [Fact]
    public void The_file_stays_bounded()
    {
        var file = temp.Combine("handled.log");
        var events = new HandledEvents(capacity: 3, file: file);
        foreach (var id in Enumerable.Range(1, 10).Select(i => $"Ev{i}"))
        {
            events.TryAdd(id);
            events.MarkHandled(id);
        }

        Assert.InRange(File.ReadAllLines(file).Length, 3, 6);
        var restarted = new HandledEvents(capacity: 3, file: file);
        Assert.False(restarted.TryAdd("Ev10"));
        Assert.True(restarted.TryAdd("Ev1"));
    }
}
