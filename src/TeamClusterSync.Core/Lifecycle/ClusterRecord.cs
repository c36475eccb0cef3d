namespace TeamClusterSync.Core.Lifecycle;

/// <summary><c>state/clusters/&lt;cluster&gt;.yaml</c>: how many times the cluster was provisioned, and when last.</summary>
public sealed record ClusterRecord(string Cluster, int Generation, DateTimeOffset ProvisionedAt);
