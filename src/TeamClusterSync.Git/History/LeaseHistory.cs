using System.Text;
using LibGit2Sharp;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git.History;

/// <summary>
/// Reads a lease file's transitions by walking the state branch's first-parent line and comparing the file's
/// blob id with the parent's: one tree lookup per commit, no diffs (<c>Commits.QueryBy(path)</c> diffs every
/// commit and is an order of magnitude slower). A state that recurs (a free cluster, mostly) is parsed once per walk.
/// </summary>
internal static class LeaseHistory
{
    public static IReadOnlyList<LeaseTransition> Read(Repository repo, ObjectId tip, string cluster, CancellationToken ct) =>
        ReadSince(repo, tip, stop: null, cluster, ct)!;

    /// <summary>
    /// The transitions of the commits after <paramref name="stop"/> on the first-parent line from
    /// <paramref name="tip"/> (all of them when <paramref name="stop"/> is null); null when <paramref name="stop"/> is
    /// not on that line, so the caller knows its earlier answer no longer applies.
    /// </summary>
    public static IReadOnlyList<LeaseTransition>? ReadSince(Repository repo, ObjectId tip, ObjectId? stop, string cluster, CancellationToken ct)
    {
        var path = LeaseStateYaml.PathOf(cluster);
        var filter = new CommitFilter
        {
            IncludeReachableFrom = tip,
            FirstParentOnly = true,
            SortBy = CommitSortStrategies.None, // first-parent order, tip first; Topological would pre-walk everything
        };
        var transitions = new List<LeaseTransition>();
        var states = new Dictionary<ObjectId, LeaseState>();
        Commit? child = null;
        ObjectId? childBlob = null;
        var walked = 0;
        foreach (var commit in repo.Commits.QueryBy(filter))
        {
            if (++walked % 4096 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var blob = commit[path]?.Target.Id;
            if (child is not null && childBlob != blob)
            {
                transitions.Add(Transition(repo, child, cluster, childBlob, states));
            }

            if (commit.Id == stop)
            {
                return transitions;
            }

            child = commit;
            childBlob = blob;
        }

        if (stop is not null)
        {
            return null;
        }

        if (child is not null && childBlob is not null)
        {
            transitions.Add(Transition(repo, child, cluster, childBlob, states));
        }

        return transitions;
    }

    private static LeaseTransition Transition(Repository repo, Commit commit, string cluster, ObjectId? blob, Dictionary<ObjectId, LeaseState> states)
    {
        var (subject, trailers) = CommitMessage.Parse(commit.Message);
        LeaseState? state;
        try
        {
            if (blob is null)
            {
                state = LeaseState.Free(cluster);
            }
            else if (!states.TryGetValue(blob, out state))
            {
                state = LeaseStateYaml.Read(cluster, Encoding.UTF8.GetString(GitTreeSource.ReadAll(repo.Lookup<Blob>(blob))));
                states[blob] = state;
            }
        }
        catch (FormatException e)
        {
            throw new FormatException($"commit {commit.Sha[..7]}: {e.Message}", e);
        }

        return new LeaseTransition(
            commit.Sha,
            commit.Committer.When,
            subject,
            trailers.GetValueOrDefault("Actor"),
            trailers.GetValueOrDefault("Action"),
            trailers.GetValueOrDefault("Source"),
            state);
    }
}
