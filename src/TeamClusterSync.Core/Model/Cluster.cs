namespace TeamClusterSync.Core.Model;

/// <summary><c>clusters/&lt;name&gt;.yaml</c>: what the cluster is, where it comes from, and how it is shared.</summary>
public sealed record Cluster(
    string Name,
    string Team,
    string Version,
    string ConsoleUrl,
    ProviderSpec Provider,
    ReprovisionPolicy Reprovision,
    LeasePolicy Lease);

public enum ProviderType
{
    Simulated,
    Command,
    Hive,
}

public sealed record ProviderSpec(ProviderType Type, HiveProvider? Hive = null, CommandProvider? Command = null)
{
    public static ProviderSpec Simulated { get; } = new(ProviderType.Simulated);
}

public sealed record HiveProvider(string Namespace, string ClusterPool);

public sealed record CommandProvider(string Create, string Destroy, string Kubeconfig);

public enum WhenLeased
{
    /// <summary>Wait for the lease to end (up to <see cref="ReprovisionPolicy.ForceAfter"/>).</summary>
    Defer,

    /// <summary>Reprovision on schedule even while leased; holders are warned.</summary>
    Force,
}

/// <summary>When the cluster is flushed and rebuilt. A null schedule means never on a cadence.</summary>
public sealed record ReprovisionPolicy(Schedule? Schedule, WhenLeased WhenLeased, TimeSpan? ForceAfter);

/// <summary>How long a lease lasts and how many may share the cluster.</summary>
public sealed record LeasePolicy(TimeSpan MaxDuration, bool AllowReadOnly, int MaxHolders)
{
    public static LeasePolicy Default { get; } = new(TimeSpan.FromHours(8), AllowReadOnly: true, MaxHolders: 2);
}
