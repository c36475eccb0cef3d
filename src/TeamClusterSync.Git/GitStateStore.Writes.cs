using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Git.Writes;

namespace TeamClusterSync.Git;

/// <summary>
/// The write pipeline. A write is decided on the shared snapshot and pushed at once: no fetch first, the push is the
/// compare-and-swap. Writes arriving while a push is in flight wait in the <see cref="WriteQueue"/>; the next batch
/// decides them one after another, each on the tip the one before left (its own commit: one file, the person as
/// author, the usual message and trailers), and pushes the chain in one go. A refused push costs one fetch, and then
/// every write of the batch is decided again on the new tip, so nothing is granted twice. Callers hear back only once
/// the push landed (a decision that changed nothing may rest on commits of the batch before it); a push whose answer
/// was lost is checked against the remote before anyone is told.
/// </summary>
public sealed partial class GitStateStore
{
    private Task<TransactionResult<T>> WriteAsync<T>(Func<StateSnapshot, (T Value, IReadOnlyList<StateFile> Files)> decide, CancellationToken ct)
    {
        var write = new PendingWrite<T>(decide);
        return writes.SubmitAsync(write, write.Answer, ct);
    }

    /// <summary>One batch, in the cache's turn (LibGit2Sharp's repository is not thread-safe).</summary>
    private async Task StoreBatchAsync(IReadOnlyList<PendingWrite> batch) =>
        await LockedAsync(
            async () =>
            {
                await StoreLockedAsync(batch);
                return true;
            },
            CancellationToken.None);

    private async Task StoreLockedAsync(IReadOnlyList<PendingWrite> batch)
    {
        // Decided on the shared snapshot, as readers see it: a process's first write (no snapshot yet) and one after a
        // quiet spell longer than the bound (no background fetch, a one-shot process) fetch first.
        var onto = tip is { } held && Fresh(held) ? held : FetchTip();
        var live = batch.ToList();
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            origin.RefuseCheckedOutBranch(onto.StateRef);
            var (head, snapshot) = Chain(live, onto);
            if (head is null)
            {
                live.ForEach(w => w.Stored());
                return;
            }

            if (BeforePush is { } hook)
            {
                await hook(head.Sha);
            }

            if (origin.Push(head, onto.StateRef, onto.Snapshot.StateCommit))
            {
                // The remote has the chain: it is the shared snapshot now (as old as the fetch it was built on).
                tip = onto with { Snapshot = snapshot, Parent = head.Id };
                live.ForEach(w => w.Stored());
                return;
            }

            onto = FetchTip();
        }

        throw new StateConflictException(
            $"{origin.Location.Display}: the state branch kept moving; gave up after {options.MaxAttempts} attempts");
    }

    /// <summary>
    /// Decides each write on the tip the one before it left and commits what it decided; returns the newest commit (null:
    /// nothing to push) and the snapshot after it. A write whose decision throws (an unreadable lease) is answered with
    /// that and left out, here and in later attempts.
    /// </summary>
    private (Commit? Head, StateSnapshot Snapshot) Chain(List<PendingWrite> live, Tip onto)
    {
        var parent = repo.Lookup<Commit>(onto.Parent);
        var snapshot = onto.Snapshot;

        // One tree definition for the whole chain, each commit's files added to it: the trees are read once per batch.
        var tree = TreeDefinition.From(parent.Tree);
        Commit? head = null;
        foreach (var write in live.ToList())
        {
            IReadOnlyList<StateFile> files;
            try
            {
                files = write.Decide(snapshot);
            }
            catch (Exception e)
            {
                write.Failed(e);
                live.Remove(write);
                continue;
            }

            foreach (var file in files)
            {
                if (CreateCommit(parent, tree, file) is not { } commit)
                {
                    continue;
                }

                write.Commit ??= commit.Sha;
                head = parent = commit;
                snapshot = snapshot.After(commit.Sha, onto.ConfigToo, file.Files.Select(f => (f.Path, System.Text.Encoding.UTF8.GetBytes(f.Content))));
            }
        }

        return (head, snapshot);
    }
}
