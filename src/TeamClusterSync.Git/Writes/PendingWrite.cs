using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git.Writes;

/// <summary>
/// One decision waiting to be stored: made again on every tip the write pipeline tries (each try counts as an attempt),
/// and answered only once the commits it made are on the remote, or with the failure that stopped them.
/// </summary>
internal abstract class PendingWrite
{
    /// <summary>How many times the decision was made (more than one when another writer won a race).</summary>
    public int Attempts { get; private set; }

    /// <summary>The first commit of the latest decision, or null when it changed nothing.</summary>
    public string? Commit { get; set; }

    /// <summary>Decides on <paramref name="snapshot"/>: the files to commit, one commit each, in order (none: no change).</summary>
    public IReadOnlyList<StateFile> Decide(StateSnapshot snapshot)
    {
        Attempts++;
        Commit = null;
        return DecideOn(snapshot);
    }

    /// <summary>The latest decision holds: its commits (if any) are on the remote.</summary>
    public abstract void Stored();

    /// <summary>The decision could not be stored; the caller hears <paramref name="e"/>. A write answered once stays answered.</summary>
    public abstract void Failed(Exception e);

    /// <summary>The caller gave up before the write was decided.</summary>
    public abstract void Cancelled(CancellationToken ct);

    protected abstract IReadOnlyList<StateFile> DecideOn(StateSnapshot snapshot);
}

/// <summary>A write whose caller waits for a value of type <typeparamref name="T"/>.</summary>
internal sealed class PendingWrite<T>(Func<StateSnapshot, (T Value, IReadOnlyList<StateFile> Files)> decide) : PendingWrite
{
    private readonly TaskCompletionSource<TransactionResult<T>> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T value = default!;

    public Task<TransactionResult<T>> Answer => answer.Task;

    public override void Stored() => answer.TrySetResult(new TransactionResult<T>(value, Commit, Attempts));

    public override void Failed(Exception e) => answer.TrySetException(e);

    public override void Cancelled(CancellationToken ct) => answer.TrySetCanceled(ct);

    protected override IReadOnlyList<StateFile> DecideOn(StateSnapshot snapshot)
    {
        (value, var files) = decide(snapshot);
        return files;
    }
}
