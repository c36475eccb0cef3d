using TeamClusterSync.Cli.Commands;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.GitHub;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Sync;

/// <summary>
/// What <c>sync</c> runs against in these tests: the example config in a bare origin, a GitHub stand-in holding the
/// coreos team, a Slack stand-in where @team-rhcos exists with a former member and @team-mco does not exist yet, and
/// a cache directory of its own. Each <see cref="SyncAsync"/> is a fresh command, as a separate process would be.
/// </summary>
internal sealed class SyncWorld : IAsyncDisposable
{
    public const string Coreos = "openshift-team-red-hat-coreos";

    private readonly TempDirectory temp = new("tcs-sync");

    private SyncWorld(GitHubStandIn github, SlackStandIn slack)
    {
        GitHub = github;
        Slack = slack;
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
    }

    public GitHubStandIn GitHub { get; }

    public SlackStandIn Slack { get; }

    public string Origin => temp.Combine("origin.git");

    /// <summary>Where the commands keep their caches (git clone, GitHub ETags); shared by every run, like a real host's.</summary>
    public string Cache => temp.Combine("cache");

    public Dictionary<string, string> Environment { get; } = [];

    public static async Task<SyncWorld> StartAsync()
    {
        var world = new SyncWorld(await GitHubStandIn.StartAsync(), await SlackStandIn.StartAsync());
        world.GitHub.SetTeam("openshift", Coreos, "cgwalters", "miabbott", "dustymabe");
        StandInTranscript.AddExamplePeople(world.Slack);
        world.Slack.AddUser("U0FORMER", "former", "former@example.com");
        world.Slack.AddUsergroup("team-rhcos", "team-rhcos", ["U01CGWALTERS", "U0FORMER"]);
        world.Environment["SLACK_BOT_TOKEN"] = SlackStandIn.BotToken;
        world.Environment["SLACK_API_URL"] = world.Slack.ApiBaseUrl.ToString();
        world.Environment["GITHUB_TOKEN"] = "ghp_test";
        world.Environment["GITHUB_API_URL"] = world.GitHub.BaseUrl.ToString();
        world.Environment["TEAMCLUSTERSYNC_CACHE"] = world.Cache;
        return world;
    }

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Slack.DisposeAsync();
        temp.Dispose();
    }

    public StandInUsergroup Group(string handle) => Assert.Single(Slack.Usergroups, g => g.Handle == handle);

    /// <summary>The commits on main that touched state/sync, newest first, as <c>subject</c> lines.</summary>
    public string SyncCommits() => GitCli.Run(Origin, "log", "--format=%s", "main", "--", "state/sync");

    /// <summary>A person's edit of the config repo, committed and pushed with the git CLI.</summary>
    public void Edit(string path, Func<string, string> change)
    {
        var clone = temp.Combine("human-" + Guid.NewGuid().ToString("N"));
        GitCli.Run(temp.Path, "clone", "--quiet", Origin, clone);
        var file = Path.Combine(clone, path);
        File.WriteAllText(file, change(File.ReadAllText(file)));
        GitCli.Run(clone, "-c", "user.name=Lead", "-c", "user.email=lead@example.com", "commit", "--quiet", "-am", "edit " + path);
        GitCli.Run(clone, "push", "--quiet", "origin", "HEAD:main");
    }

    public async Task<(int Code, string Stdout, string Stderr)> SyncAsync(params string[] extra)
    {
        var settings = HostSettings.From(Environment.GetValueOrDefault) with
        {
            SlackClientOptions = new SlackClientOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10) },
        };
        var command = new SyncCommand(settings);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await command.RunAsync(CliArgs.Parse(["--repo", Origin, .. extra], command.Options), new Terminal(stdout, stderr, new StringReader("")));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
