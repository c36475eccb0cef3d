namespace TeamClusterSync.App.Ports;

/// <summary>Who is on a team according to the organisation (GitHub teams, in production).</summary>
public interface ITeamMembershipSource
{
    /// <summary>
    /// The members of each team of <paramref name="slugs"/> in <paramref name="org"/>, one outcome per slug; never an empty
    /// set standing in for a failure. The source may read teams in parallel and stop early (a rate limit): teams it
    /// did not read are <see cref="TeamRead.NotRead"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, TeamRead>> ReadTeamsAsync(string org, IReadOnlyList<string> slugs, CancellationToken ct);
}

/// <summary>The outcome of reading one team.</summary>
public abstract record TeamRead
{
    /// <summary>The team's logins (child teams included); <see cref="Unchanged"/> when the source said so without sending them again.</summary>
    public sealed record Found(IReadOnlySet<string> Logins, bool Unchanged = false) : TeamRead;

    /// <summary>The team does not exist, or the credentials cannot see it.</summary>
    public sealed record NotFound : TeamRead;

    /// <summary>The source answered with an error: <see cref="Status"/> is its HTTP status when there was one.</summary>
    public sealed record Failed(int? Status, string Detail) : TeamRead;

    /// <summary>Not asked this run (the rate limit's budget was spent): it will be read after <see cref="ResumeAt"/>.</summary>
    public sealed record NotRead(DateTimeOffset ResumeAt, string Reason) : TeamRead;
}
