using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamClusterSync.Cli;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.GitHub;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Bench.Benchmarks;

/// <summary>
/// <c>teamclustersync sync</c> at organisation scale, through the real command, against loopback stand-ins that answer
/// as GitHub (ETags, 304s, rate-limit headers, Link pagination) and Slack do and count every request. Runs: the first
/// sync, the steady state (nothing changed, a new command over the same cache, as the next CronJob would be), and one
/// member added on GitHub. Reports GitHub requests (and how many were free 304s), Slack calls by method, commits and
/// wall time, and what the steady state costs of GitHub's hourly budget at a 15-minute cadence.
/// </summary>
internal sealed class TeamSyncBenchmark : IBenchmark
{
    private const int HourlyBudget = 5000;
    private const int RunsPerHour = 4;

    public string Name => "teamsync";

    public string Description => "team sync against loopback GitHub and Slack stand-ins: first run, steady state, one change [TEAMS=2000] [MEMBERS=50]";

    public async Task RunAsync(string[] args)
    {
        var teams = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var members = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var people = Math.Max(members + 1, teams * members / 10); // everyone is on about ten teams; people.yaml stays under 1 MiB
        using var temp = new TempDirectory("tcs-bench-teamsync");
        await using var github = await GitHubStandIn.StartAsync();
        await using var slack = await SlackStandIn.StartAsync();
        var origin = temp.Combine("origin.git");
        Seed(temp.Combine("seed"), origin, github, slack, teams, members, people);
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", "ghp_bench");
        Environment.SetEnvironmentVariable("GITHUB_API_URL", github.BaseUrl.ToString());
        Environment.SetEnvironmentVariable("SLACK_BOT_TOKEN", SlackStandIn.BotToken);
        Environment.SetEnvironmentVariable("SLACK_API_URL", slack.ApiBaseUrl.ToString());
        Environment.SetEnvironmentVariable("TEAMCLUSTERSYNC_CACHE", temp.Combine("cache"));

        Console.WriteLine($"teamsync: {teams} teams of {members} members ({people} people), GitHub pages of 100, Slack users.list pages of 200");
        Run? steady = null;
        foreach (var (label, change) in new (string, Action?)[]
        {
            ("first run", null),
            ("steady state", null),
            ("one member added", () => github.SetTeam("bench", Slug(0), [.. Members(0, members, people), Login(people - 1)])),
        })
        {
            change?.Invoke();
            var run = await MeasureAsync(origin, github, slack);
            steady = label == "steady state" ? run : steady;
            Print(label, run);
        }

        var share = 100.0 * steady!.PaidGitHub * RunsPerHour / HourlyBudget;
        Console.WriteLine($"  steady state at a 15-minute cadence: {steady.PaidGitHub * RunsPerHour} counted GitHub requests an hour, "
            + $"{share:F2}% of the {HourlyBudget}/h budget ({steady.GitHub - steady.PaidGitHub} of {steady.GitHub} requests a run were free 304s)");
    }

    private static async Task<Run> MeasureAsync(string origin, GitHubStandIn github, SlackStandIn slack)
    {
        var (requests, calls) = (github.Requests.Count, slack.Calls.Count);
        var commits = Commits(origin);
        var watch = Stopwatch.StartNew();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["sync", "--repo", origin], TextWriter.Null, stderr, TextReader.Null);
        Console.Error.Write(stderr);
        var wall = watch.Elapsed;
        var gitHub = github.Requests.Skip(requests).ToList();
        var methods = slack.Calls.Skip(calls).GroupBy(c => c.Method).ToDictionary(g => g.Key, g => g.Count());
        return new Run(code, gitHub.Count, gitHub.Count(r => r.Status != 304), methods, Commits(origin) - commits, wall);
    }

    private static void Print(string label, Run run)
    {
        var slack = string.Join(", ", run.SlackCalls.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}"));
        Console.WriteLine($"  {label,-17} exit {run.Code}  {run.Wall.TotalSeconds,6:F2} s  GitHub {run.GitHub} requests ({run.GitHub - run.PaidGitHub} free 304s)  "
            + $"commits {run.Commits}  Slack: {(slack.Length == 0 ? "none" : slack)}");
    }

    private static void Seed(string seed, string origin, GitHubStandIn github, SlackStandIn slack, int teams, int members, int people)
    {
        Directory.CreateDirectory(Path.Combine(seed, "teams"));
        File.WriteAllText(Path.Combine(seed, "teamclustersync.yaml"), "github:\n  org: bench\n");
        var peopleYaml = new StringBuilder();
        for (var p = 0; p < people; p++)
        {
            peopleYaml.Append(CultureInfo.InvariantCulture, $"- github: {Login(p)}\n  email: {Login(p)}@example.com\n");
            slack.AddUser(UserId(p), Login(p), $"{Login(p)}@example.com");
        }

        File.WriteAllText(Path.Combine(seed, "people.yaml"), peopleYaml.ToString());
        for (var t = 0; t < teams; t++)
        {
            var name = $"team-{t:D5}";
            File.WriteAllText(Path.Combine(seed, "teams", name + ".yaml"), $"name: {name}\ngithub:\n  team: {Slug(t)}\nslack:\n  usergroup: {name}\n");
            github.SetTeam("bench", Slug(t), [.. Members(t, members, people)]);
        }

        GitCli.CreateOrigin(origin, seed);
    }

    private static IEnumerable<string> Members(int team, int members, int people) =>
        Enumerable.Range(0, members).Select(i => Login(((team * members) + i) % (people - 1)));

    private static string Slug(int team) => $"gh-team-{team:D5}";

    private static string Login(int person) => $"user{person:D6}";

    private static string UserId(int person) => $"U{person:D9}";

    private static int Commits(string origin) =>
        int.Parse(GitCli.Run(origin, "rev-list", "--count", "main").Trim(), CultureInfo.InvariantCulture);

    private sealed record Run(int Code, int GitHub, int PaidGitHub, IReadOnlyDictionary<string, int> SlackCalls, int Commits, TimeSpan Wall);
}
