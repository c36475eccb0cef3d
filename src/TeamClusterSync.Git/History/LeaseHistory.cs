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
    private readonly Dictionary<(string Cluster, string Blob), (LeaseState State, string? Problem)> states = [];

    /// <summary>The cluster's whole history, newest first, read without the index.</summary>
    public static IReadOnlyList<LeaseTransition> Read(Repository repo, ObjectId tip, string cluster, CancellationToken ct)
    {
        var history = new LeaseHistory(repo);
        return [.. LeaseLog.Read(repo.Info.Path, tip, since: null, ct).Where(c => c.Cluster == cluster).Select(history.Transition)];
    }

    public LeaseTransition Transition(LeaseChange change)
    {
        var (state, problem) = change.Blob is not { } blob ? (LeaseState.Free(change.Cluster), null)
            : states.TryGetValue((change.Cluster, blob), out var known) ? known
            : states[(change.Cluster, blob)] = ReadState(change.Cluster, blob);
        return new LeaseTransition(change.Commit, change.When, change.Subject, change.Actor, change.Action, change.Source, state, problem);
    }

    private (LeaseState State, string? Problem) ReadState(string cluster, string blob)
    {
        if (repo.Lookup<Blob>(new ObjectId(blob)) is not { } content)
        {
            return (LeaseState.Free(cluster), $"{LeaseStateYaml.PathOf(cluster)}: its content ({blob[..7]}) is not in the cache");
        }

        try
        {
            return (LeaseStateYaml.Read(cluster, Encoding.UTF8.GetString(GitTreeSource.ReadAll(content))), null);
        }
        catch (FormatException e)
        {
            return (LeaseState.Free(cluster), e.Message);
        }
    }
}
