using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git.History;

/// <summary>
/// A cluster's lease transitions from its <see cref="LeaseChange"/>s: the state after each commit is read from the
/// file's blob, each distinct blob once (a free cluster recurs often). A revision that cannot be read (a human committed
/// invalid YAML, fixed later) is a transition that says so, and the history goes on past it.
/// </summary>
internal static class LeaseHistory
{
    /// <summary>The cluster's whole history, newest first, read without the index.</summary>
    public static IReadOnlyList<LeaseTransition> Read(Repository repo, ObjectId tip, string cluster, CancellationToken ct) =>
        Transitions(repo, cluster, LeaseLog.Read(repo.Info.Path, tip, since: null, ct).Where(c => c.Cluster == cluster));

    /// <summary>The transitions of <paramref name="changes"/> (one cluster's, in their order).</summary>
    public static IReadOnlyList<LeaseTransition> Transitions(Repository repo, string cluster, IEnumerable<LeaseChange> changes)
    {
        var states = new Dictionary<string, (LeaseState State, string? Problem)>(StringComparer.Ordinal);
        var transitions = new List<LeaseTransition>();
        foreach (var change in changes)
        {
            var (state, problem) = change.Blob is not { } blob ? (LeaseState.Free(cluster), null)
                : states.TryGetValue(blob, out var known) ? known
                : states[blob] = ReadState(repo, cluster, blob);
            transitions.Add(new LeaseTransition(
                change.Commit, change.When, change.Subject, change.Actor, change.Action, change.Source, state, problem));
        }

        return transitions;
    }

    private static (LeaseState State, string? Problem) ReadState(Repository repo, string cluster, string blob)
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
