namespace TeamClusterSync.Git.Writes;

/// <summary>
/// Group commit: writes arriving while a batch is being stored wait here, and the next batch takes all of them at once.
/// The first write to arrive when nothing is being stored starts at once: nobody waits for company. One batch at a
/// time, in arrival order; a write can be withdrawn until its batch takes it.
/// </summary>
internal sealed class WriteQueue(Func<IReadOnlyList<PendingWrite>, Task> storeBatch)
{
    private readonly List<PendingWrite> waiting = [];
    private bool storing;

    /// <summary>How many writes wait for the next batch (tests use it to line writes up behind a push).</summary>
    public int Waiting
    {
        get
        {
            lock (waiting)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="write"/>; cancelling <paramref name="ct"/> withdraws it while it still waits.</summary>
    public async Task<TResult> SubmitAsync<TResult>(PendingWrite write, Task<TResult> answer, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using (ct.Register(() => Withdraw(write, ct)))
        {
            bool start;
            lock (waiting)
            {
                waiting.Add(write);
                start = !storing;
                storing = true;
            }

            if (start)
            {
                _ = Task.Run(DrainAsync, CancellationToken.None);
            }

            return await answer;
        }
    }

    private void Withdraw(PendingWrite write, CancellationToken ct)
    {
        lock (waiting)
        {
            if (!waiting.Remove(write))
            {
                return;
            }
        }

        write.Cancelled(ct);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<PendingWrite> batch;
            lock (waiting)
            {
                if (waiting.Count == 0)
                {
                    storing = false;
                    return;
                }

                batch = [.. waiting];
                waiting.Clear();
            }

            try
            {
                await storeBatch(batch);
            }
            catch (Exception e)
            {
                // Whatever stopped the batch (a refusal, an unreachable remote, a crash before the push) is every
                // write's answer that was not answered yet: none of their commits is on the remote.
                foreach (var write in batch)
                {
                    write.Failed(e);
                }
            }
        }
    }
}
