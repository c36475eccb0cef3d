namespace TeamClusterSync.GitHub;

/// <summary>How the team reader treats GitHub: where ETags persist, how many teams at once, what budget to leave.</summary>
/// <param name="CacheDirectory">Where each team's last pages and ETags are kept across runs; null keeps them in memory.</param>
public sealed record GitHubTeamsOptions(string? CacheDirectory = null)
{
    /// <summary>Teams read at the same time: GitHub asks integrators not to hammer it with concurrent requests.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Requests of the hourly budget left for the token's other users: reading stops when only these remain.</summary>
    public int Reserve { get; init; } = 100;

    /// <summary>Bound on each request; a hung connection must not hold up the sync.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
