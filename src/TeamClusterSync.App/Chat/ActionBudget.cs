using System.Collections.Concurrent;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.App.Chat;

/// <summary>
/// What each person did to each cluster lately, against the <see cref="ActionLimit"/>s: held in memory by this
/// replica (a restart forgets it, which at worst allows one more round), counting only commands that changed the lease.
/// </summary>
public sealed class ActionBudget(TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Login, string Cluster, string What), List<DateTimeOffset>> done = new();

    /// <summary>The plain answer when <paramref name="login"/> has used up the limit for <paramref name="command"/> on the cluster, else null.</summary>
    public string? Refusal(string login, string cluster, LeaseCommand command)
    {
        if (ActionLimit.For(command) is not { } limit)
        {
            return null;
        }

        var times = Times(login, cluster, limit);
        DateTimeOffset? until;
        lock (times)
        {
            until = limit.BlockedUntil(times, clock.GetUtcNow());
        }

        return until is { } next
            ? $"you have {limit.What} {cluster} {limit.Max} times in the last {DurationFormat.Format(limit.Window)}; so that the holders' messages and "
                + $"the history stay readable, you can again from {Timestamps.Human(next)}"
            : null;
    }

    /// <summary>Counts <paramref name="command"/> once it changed the lease.</summary>
    public void Spent(string login, string cluster, LeaseCommand command)
    {
        if (ActionLimit.For(command) is not { } limit)
        {
            return;
        }

        var times = Times(login, cluster, limit);
        var now = clock.GetUtcNow();
        lock (times)
        {
            times.RemoveAll(t => t <= now - limit.Window);
            times.Add(now);
        }
    }

    private List<DateTimeOffset> Times(string login, string cluster, ActionLimit limit) =>
        done.GetOrAdd((login.ToLowerInvariant(), cluster, limit.What), _ => []);
}
