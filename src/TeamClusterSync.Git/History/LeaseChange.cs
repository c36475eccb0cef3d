namespace TeamClusterSync.Git.History;

/// <summary>
/// One commit's change to one cluster's lease file, as <c>git log</c> tells it. <see cref="Blob"/> is the file after the
/// commit, null when the commit removed it.
/// </summary>
internal sealed record LeaseChange(
    string Cluster, string Commit, DateTimeOffset When, string? Blob, string Subject, string? Actor, string? Action, string? Source);
