namespace TeamClusterSync.Core.Leases;

/// <summary>
/// Who outside the cluster's team may take read-only access (<c>lease.readOnlyFor</c>): everyone, or these logins
/// (the members of the teams it names). They may read, extend and give back their reading, nothing else; the
/// membership sweep leaves their reading alone.
/// </summary>
public sealed record OutsideReaders(bool Everyone, IReadOnlySet<string> Logins)
{
    /// <summary>The cluster's team only: no <c>lease.readOnlyFor</c>.</summary>
    public static OutsideReaders None { get; } = new(false, new HashSet<string>());

    public bool Admit(string login) => Everyone || Logins.Contains(login);
}
