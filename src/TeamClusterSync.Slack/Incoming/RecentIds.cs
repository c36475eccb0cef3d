namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// The last <c>capacity</c> delivery ids seen. Slack delivers at least once (retries, reconnects), so a repeat
/// of a recent id is dropped; memory stays bounded because only the newest ids are kept. Thread-safe.
/// </summary>
internal sealed class RecentIds(int capacity = 1000)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True the first time an id is offered; false for a repeat still remembered.</summary>
    public bool TryAdd(string id)
    {
        lock (_lock)
        {
            if (!_seen.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
