namespace TeamClusterSync.Core.Sync;

/// <summary>
/// The limits one sync run keeps to (<c>sync:</c> in <c>teamclustersync.yaml</c>), as peribolos has them: a group that
/// would lose more than <see cref="MaxRemovals"/> members, or end up smaller than <see cref="MinGroupSize"/>, is left as
/// it is and the reason reported, so a broken GitHub team or a bad people.yaml cannot wipe out a group in one run.
/// </summary>
/// <param name="MaxRemovals">The most members one run may remove from one group.</param>
/// <param name="MinGroupSize">A plan that removes someone and leaves fewer members than this is not applied.</param>
/// <param name="IncludeGuests">Whether Slack guests (restricted accounts) may be mapped by email.</param>
public sealed record SyncGuards(RemovalCap MaxRemovals, int MinGroupSize, bool IncludeGuests)
{
    /// <summary>At most a quarter of a group per run, never emptied, guests left out.</summary>
    public static SyncGuards Default { get; } = new(RemovalCap.Share(25), MinGroupSize: 1, IncludeGuests: false);
}

/// <summary>A cap on removals: a number of members, or a share (percent) of the group's current size, rounded up.</summary>
public sealed record RemovalCap(int Value, bool IsPercent)
{
    public static RemovalCap Count(int members) => new(members, IsPercent: false);

    public static RemovalCap Share(int percent) => new(percent, IsPercent: true);

    /// <summary>How many of <paramref name="currentSize"/> members may go; a share rounds up so one of two may leave at 25%.</summary>
    public int AllowedOf(int currentSize) => IsPercent ? (int)Math.Ceiling(currentSize * Value / 100.0) : Value;

    /// <summary>As <c>teamclustersync.yaml</c> writes it: <c>5</c> or <c>25%</c>.</summary>
    public override string ToString() => IsPercent ? $"{Value}%" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
