using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.App.Chat;

/// <summary>What a chat message asks for, before anyone has looked at the config or the lease state.</summary>
public abstract record ParsedCommand
{
    /// <summary>A lease command for the named cluster, or for the actor's team's cluster when <see cref="Cluster"/> is null.</summary>
    public sealed record Lease(LeaseCommand Command, string? Cluster) : ParsedCommand;

    public sealed record Status(string? Cluster) : ParsedCommand;

    public sealed record History(string? Cluster) : ParsedCommand;

    /// <summary><c>teamcluster report [CLUSTER]</c>: the last week's usage of the cluster, or of the actor's teams' clusters.</summary>
    public sealed record Report(string? Cluster) : ParsedCommand;

    /// <summary><c>teamcluster restore [CLUSTER]</c>: put back a cluster its last holder left dirty.</summary>
    public sealed record Restore(string? Cluster) : ParsedCommand;

    /// <summary><c>teamcluster keep [CLUSTER]</c>: keep a dirty cluster as it is (it is reprovisioned early where the cluster says so).</summary>
    public sealed record Keep(string? Cluster) : ParsedCommand;

    /// <summary><c>teamcluster whoami</c>: my login, my teams and why, the clusters I may request, what I hold.</summary>
    public sealed record WhoAmI : ParsedCommand;

    public sealed record Help : ParsedCommand;

    /// <summary>Not a command we know; <see cref="Problem"/> says what was wrong, for the short help.</summary>
    public sealed record Unknown(string Problem) : ParsedCommand;
}
