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

/// <param name="LeftDirty">
/// Simulated only (<c>provider.simulated.leftDirty</c>): every holder "forgets" to clean up, so the demo shows a
/// release check finding the cluster dirty, and a restore.
/// </param>
public sealed record ProviderSpec(ProviderType Type, HiveProvider? Hive = null, CommandProvider? Command = null, bool LeftDirty = false)
{
    public static ProviderSpec Simulated { get; } = new(ProviderType.Simulated);
}

/// <summary>
/// A Hive pool cluster. <see cref="SharedAdminKubeconfig"/> hands read-write holders the cluster's own admin kubeconfig
/// (which cannot be revoked) instead of a per-holder ServiceAccount that ends with the lease. With
/// <see cref="HibernateAfter"/>, a cluster nobody has used for that long is hibernated, and resumed on the next request.
/// </summary>
public sealed record HiveProvider(string Namespace, string ClusterPool, bool SharedAdminKubeconfig = false, TimeSpan? HibernateAfter = null);

/// <summary>
/// Operator executables: <see cref="Check"/> prints what is off after a release, one problem a line (nothing: clean),
/// and <see cref="Restore"/> puts it back; without a check command, a release counts as clean. <see cref="Revoke"/>
/// ends one person's credentials (on <c>done</c>, handover, expiry and removal from the team); without it, the
/// kubeconfigs it handed out end only when the operator's tooling ends them. The commands see only <c>PATH</c>,
/// <c>HOME</c>, the <c>TEAMCLUSTER_*</c> variables and the names in <see cref="Environment"/>: never the bot's tokens.
/// </summary>
public sealed record CommandProvider(
    string Create, string Destroy, string Kubeconfig, string? Check = null, string? Restore = null, string? Revoke = null)
{
    /// <summary>Names of the bot's environment variables the commands may also see (<c>provider.command.env</c>).</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>By value, the names included: two reads of one file are one spec.</summary>
    public bool Equals(CommandProvider? other) =>
        other is not null && (Create, Destroy, Kubeconfig, Check, Restore, Revoke) == (other.Create, other.Destroy, other.Kubeconfig, other.Check, other.Restore, other.Revoke)
        && Environment.SequenceEqual(other.Environment, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Create, Destroy, Kubeconfig, Check, Restore, Revoke, Environment.Count);
}

public enum WhenLeased
{
    /// <summary>Wait for the lease to end (up to <see cref="ReprovisionPolicy.ForceAfter"/>).</summary>
    Defer,

    /// <summary>Reprovision on schedule even while leased; holders are warned.</summary>
    Force,
}

/// <summary>
/// When the cluster is flushed and rebuilt. A null schedule means never on a cadence. A cluster its last holder left
/// dirty (and did not restore) is rebuilt as soon as it is free when <see cref="ReprovisionWhenDirty"/> is set
/// (<c>reprovision.whenDirty: reprovision</c>, the default; <c>keep</c> leaves it to the next user).
/// </summary>
public sealed record ReprovisionPolicy(Schedule? Schedule, WhenLeased WhenLeased, TimeSpan? ForceAfter, bool ReprovisionWhenDirty = true);

/// <summary>
/// How long a lease lasts and how many may share the cluster; how long the first in line has to take a freed
/// cluster (<see cref="OfferWindow"/>), and how long a ping waits for an answer before the requester is told
/// (<see cref="PingTimeout"/>).
/// </summary>
public sealed record LeasePolicy(TimeSpan MaxDuration, bool AllowReadOnly, int MaxHolders)
{
    public static LeasePolicy Default { get; } = new(TimeSpan.FromHours(8), AllowReadOnly: true, MaxHolders: 2);

    public TimeSpan OfferWindow { get; init; } = LeaseDefaults.Default.OfferWindow;

    public TimeSpan PingTimeout { get; init; } = LeaseDefaults.Default.PingTimeout;

    /// <summary><c>lease.readOnlyFor</c>: who besides the cluster's team may take read-only access; null: nobody.</summary>
    public ReadOnlyFor? ReadOnlyFor { get; init; }
}

/// <summary>
/// Read-only access beyond the cluster's team: <c>everyone</c> (<see cref="Everyone"/>), or the members of the
/// <see cref="Teams"/> named.
/// </summary>
public sealed record ReadOnlyFor(bool Everyone, IReadOnlyList<string> Teams)
{
    public static ReadOnlyFor All { get; } = new(true, []);

    /// <summary>By value, the team names included: two reads of one file are one spec.</summary>
    public bool Equals(ReadOnlyFor? other) => other is not null && Everyone == other.Everyone && Teams.SequenceEqual(other.Teams, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Everyone, Teams.Count);
}
