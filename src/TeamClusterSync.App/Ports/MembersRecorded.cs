namespace TeamClusterSync.App.Ports;

/// <summary>What recording a sync's team members stored: the one commit (null when nothing changed) and the teams in it.</summary>
public sealed record MembersRecorded(string? CommitId, IReadOnlyList<string> Teams)
{
    public static MembersRecorded Nothing { get; } = new(null, []);
}
