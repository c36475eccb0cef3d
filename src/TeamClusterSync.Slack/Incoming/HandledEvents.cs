namespace TeamClusterSync.Slack.Incoming;

/// <summary>
/// The delivery ids (event or envelope ids) seen lately. Slack delivers at least once (retries, reconnects), so a
/// repeat of a remembered id is dropped. Ids of items that were handled to the end are also appended to a file when
/// one is given, so a redelivery after a restart is dropped too; an item that was only received when the process
/// died is handled again (at least once, never lost). Memory and file stay bounded to the newest ids. Thread-safe.
/// </summary>
public sealed class HandledEvents
{
    private readonly int capacity;
    private readonly string? file;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Queue<string> handled = new();
    private readonly Lock gate = new();
    private int appended;

    /// <param name="file">Where handled ids are kept across restarts (beside the cache); null keeps them in memory only.</param>
    public HandledEvents(int capacity = 1000, string? file = null)
    {
        this.capacity = capacity;
        this.file = file;
        foreach (var id in Load(file).TakeLast(capacity))
        {
            Remember(id);
            handled.Enqueue(id);
        }
    }

    /// <summary>True the first time an id is offered; false for a repeat still remembered.</summary>
    public bool TryAdd(string id)
    {
        lock (gate)
        {
            return Remember(id);
        }
    }

    /// <summary>Records that the item delivered as <paramref name="id"/> was handled to the end.</summary>
    public void MarkHandled(string id)
    {
        if (file is null)
        {
            return;
        }

        lock (gate)
        {
            handled.Enqueue(id);
            if (handled.Count > capacity)
            {
                handled.Dequeue();
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!); // the cache may have been cleaned under a running process
                if (++appended > capacity)
                {
                    // Compact to the newest handled ids, written aside and moved into place: the file holds at most
                    // twice the capacity, and never an id that was only received.
                    File.WriteAllLines(file + ".tmp", handled);
                    File.Move(file + ".tmp", file, overwrite: true);
                    appended = 0;
                    return;
                }

                File.AppendAllText(file, id + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Losing the record costs at most a duplicate answer after a restart, never a lost event.
            }
        }
    }

    private bool Remember(string id)
    {
        if (!seen.Add(id))
        {
            return false;
        }

        order.Enqueue(id);
        if (order.Count > capacity)
        {
            seen.Remove(order.Dequeue());
        }

        return true;
    }

    private static IEnumerable<string> Load(string? file)
    {
        try
        {
            return file is not null && File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
