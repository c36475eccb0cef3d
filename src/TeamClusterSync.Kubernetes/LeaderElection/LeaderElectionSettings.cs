namespace TeamClusterSync.Kubernetes.LeaderElection;

/// <summary>
/// Which <c>coordination.k8s.io/v1</c> Lease the replicas compete for, who this replica is, and the timing. The
/// defaults are controller-runtime's: a leader that dies is replaced within <see cref="LeaseDuration"/>, and a leader
/// that cannot renew for <see cref="RenewDeadline"/> (shorter) stops its work before anyone else may start.
/// </summary>
public sealed record LeaderElectionSettings(string Name, string Namespace, string Identity)
{
    public const string DefaultName = "teamclustersync";

    /// <summary>Whole seconds: the Lease stores <c>leaseDurationSeconds</c>.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An identity unique per process, as client-go makes one: the pod (or host) name and a random suffix.</summary>
    public static string NewIdentity(string? podName) => $"{podName ?? Environment.MachineName}_{Guid.NewGuid():N}";
}
