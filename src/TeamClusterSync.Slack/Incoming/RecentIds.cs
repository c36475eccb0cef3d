namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// The last <c>capacity</c> delivery ids seen. Slack delivers at least once (retries, reconnects), so a repeat
/// of a recent id is dropped; memory stays bounded because only the newest ids are kept. Thread-safe.
/// </summary>
internal sealed class RecentIds(int capacity = 1000)
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    /// <summary>True the first time an id is offered; false for a repeat still remembered.</summary>
    public bool TryAdd(string id)
    {
        lock (gate)
        {
            if (!this.seen.Add(id))
            {
                return false;
            }

            order.Enqueue(id);
            if (order.Count > capacity)
            {
                this.seen.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
