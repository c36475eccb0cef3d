namespace TeamClusterSync.Core.Leases;

/// <summary>
/// How often one person may do something to one cluster that reaches other people and the history: a ping (a DM to
/// every holder) or taking and asking for it (a commit, the channel's notices). A loop of ping and withdraw, or of
/// request and done, would otherwise flood the holders' messages and the audit log. Pure: the times come from the caller.
/// </summary>
/// <param name="Max">How many within <paramref name="Window"/>.</param>
public sealed record ActionLimit(string What, int Max, TimeSpan Window)
{
    /// <summary>Pings: a holder hears each; three an hour is already insistent.</summary>
    public static ActionLimit Pings { get; } = new("asked the holders of", 3, TimeSpan.FromHours(1));

    /// <summary>Taking the cluster, read-only access and the line: generous for real work, not for a loop.</summary>
    public static ActionLimit Takes { get; } = new("taken or asked for", 6, TimeSpan.FromHours(1));

    /// <summary>The limit <paramref name="command"/> counts against, or null (letting go, answering, the schedule: never limited).</summary>
    public static ActionLimit? For(LeaseCommand command) => command switch
    {
        LeaseCommand.Ping => Pings,
        LeaseCommand.Request or LeaseCommand.RequestReadOnly or LeaseCommand.Wait => Takes,
        _ => null,
    };

    /// <summary>When the next one is allowed, given the times of the earlier ones; null when it is allowed now.</summary>
    public DateTimeOffset? BlockedUntil(IEnumerable<DateTimeOffset> earlier, DateTimeOffset now)
    {
        var recent = earlier.Where(t => t > now - Window).Order().ToList();
        return recent.Count < Max ? null : recent[^Max] + Window;
    }
}
