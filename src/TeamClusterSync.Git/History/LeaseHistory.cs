using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git.History;

/// <summary>
/// Lease transitions from <see cref="LeaseChange"/>s: the state after each commit is read from the file's blob, each
/// distinct blob once (a free cluster recurs often). A revision that cannot be read (a human committed invalid YAML,
/// fixed later) is a transition that says so, and the history goes on past it.
/// </summary>
internal sealed class LeaseHistory(Repository repo)
{
    private readonly Dictionary<(string Cluster, string Blob), LeaseRevision> revisions = [];

    /// <summary>Every revision read so far, each once.</summary>
    public IReadOnlyDictionary<(string Cluster, string Blob), LeaseRevision> Revisions => revisions;

    public LeaseTransition Transition(LeaseChange change) =>
        Transition(change, change.Blob is { } blob ? Revision(change.Cluster, blob) : new LeaseRevision(LeaseState.Free(change.Cluster), null));

    public static LeaseTransition Transition(LeaseChange change, LeaseRevision revision) =>
        new(change.Commit, change.When, change.Subject, change.Actor, change.Action, change.Source, revision.State, revision.Problem);

    /// <summary>A revision already read elsewhere (the history index).</summary>
    public void Know(string cluster, string blob, LeaseRevision revision) => revisions.TryAdd((cluster, blob), revision);

    public LeaseRevision Revision(string cluster, string blob) =>
        revisions.TryGetValue((cluster, blob), out var known) ? known : revisions[(cluster, blob)] = ReadRevision(cluster, blob);

    private LeaseRevision ReadRevision(string cluster, string blob)
    {
        if (repo.Lookup<Blob>(new ObjectId(blob)) is not { } content)
        {
            return new(LeaseState.Free(cluster), $"{LeaseStateYaml.PathOf(cluster)}: its content ({blob[..7]}) is not in the cache");
        }

        try
        {
            return new(LeaseStateYaml.Read(cluster, Encoding.UTF8.GetString(GitTreeSource.ReadAll(content))), null);
        }
        catch (FormatException e)
        {
            return new(LeaseState.Free(cluster), e.Message);
        }
    }
}

/// <summary>A lease file's content as a state; <see cref="Problem"/> says why it could not be read (the state is then free).</summary>
internal sealed record LeaseRevision(LeaseState State, string? Problem);
