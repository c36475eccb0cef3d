namespace TeamClusterSync.App.Ports;

/// <summary>Who is on a team according to the organisation (GitHub teams, in production).</summary>
public interface ITeamMembershipSource
{
    /// <summary>The members of team <paramref name="slug"/> of <paramref name="org"/>; never an empty set standing in for a failure.</summary>
    Task<TeamRead> ReadTeamAsync(string org, string slug, CancellationToken ct);
}

/// <summary>The outcome of reading one team.</summary>
public abstract record TeamRead
{
    /// <summary>The team's logins (child teams included).</summary>
    public sealed record Found(IReadOnlySet<string> Logins) : TeamRead;

    /// <summary>The team does not exist, or the credentials cannot see it.</summary>
    public sealed record NotFound : TeamRead;

    /// <summary>The source answered with an error: <see cref="Status"/> is its HTTP status when there was one.</summary>
    public sealed record Failed(int? Status, string Detail) : TeamRead;
}
