using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.App.Ports;

/// <summary>One commit's <c>state/clusters/&lt;cluster&gt;.yaml</c>, read back from git: the record after it, and when.</summary>
public sealed record ClusterRecordChange(DateTimeOffset When, ClusterRecord Record);
