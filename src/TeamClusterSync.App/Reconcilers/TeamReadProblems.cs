using System.Globalization;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// The sentences a sync reports for GitHub teams it could not read. Failures shared by many teams (GitHub unreachable,
/// the rate limit) are one line each, naming how many teams they left as they are and, for a limit, when they will be read.
/// </summary>
internal static class TeamReadProblems
{
    private const int NamesShown = 5;

    public static IEnumerable<string> Of(bool hasSource, string? org, IReadOnlyList<Team> synced, IReadOnlyDictionary<string, TeamRead> reads)
    {
        if (!hasSource || org is null)
        {
            return synced.Select(t => hasSource
                ? $"team {t.Name}: github.team is set but teamclustersync.yaml has no github.org"
                : $"team {t.Name}: GITHUB_TOKEN is not set, so GitHub team {t.GitHubTeam} was not read");
        }

        var outcomes = synced.Select(t => (Team: t, Read: reads.GetValueOrDefault(t.GitHubTeam!))).ToList();
        var single = outcomes.Select(o => o.Read switch
        {
            TeamRead.NotFound => $"team {o.Team.Name}: GitHub team {org}/{o.Team.GitHubTeam} does not exist or the token cannot see it",
            TeamRead.Failed { Status: { } status } failed =>
                $"team {o.Team.Name}: GitHub answered {status.ToString(CultureInfo.InvariantCulture)} for {org}/{o.Team.GitHubTeam}: {failed.Detail}",
            _ => null,
        }).OfType<string>();
        var unreachable = outcomes.Where(o => o.Read is TeamRead.Failed { Status: null })
            .GroupBy(o => ((TeamRead.Failed)o.Read!).Detail)
            .Select(g => $"{g.Key}; {Teams(g.Select(o => o.Team))} not read, left as they are");
        var limited = outcomes.Where(o => o.Read is TeamRead.NotRead)
            .GroupBy(o => (TeamRead.NotRead)o.Read!)
            .Select(g => $"{g.Key.Reason}: {Teams(g.Select(o => o.Team))} not read this run, left as they are; "
                + $"they will be read after {Timestamps.Human(g.Key.ResumeAt)}");
        return single.Concat(unreachable).Concat(limited);
    }

    /// <summary><c>2 team(s) (a, b)</c>, naming the first few.</summary>
    private static string Teams(IEnumerable<Team> teams)
    {
        var names = teams.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? ", ..." : "");
        return $"{names.Count.ToString(CultureInfo.InvariantCulture)} team(s) ({shown})";
    }
}
