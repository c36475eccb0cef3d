using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.Core.Usage;

/// <summary>One commit that changed a cluster's lease: when, who did what (the <c>Actor:</c> and <c>Action:</c> trailers), and the lease after it.</summary>
public sealed record UsageStep(DateTimeOffset When, string? Actor, string? Action, LeaseState State);

/// <summary>
/// What the usage of one cluster is computed from: its lease steps, oldest first (the lease before the first one is
/// free), the provider phases seen, oldest first (each lasts until the next), and the release checks recorded.
/// </summary>
public sealed record UsageHistory(
    string Cluster,
    string Team,
    IReadOnlyList<UsageStep> Steps,
    IReadOnlyList<ClusterPhase> Phases,
    IReadOnlyList<ReleaseCheck> Releases);
