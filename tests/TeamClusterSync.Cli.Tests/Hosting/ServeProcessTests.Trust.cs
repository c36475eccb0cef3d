using System.Runtime.Versioning;
using System.Text;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Processes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

// Trust boundaries (issue 23): the real executable, tokens in its environment as in a pod, serving a cluster on the
// command provider whose scripts misbehave: one prints its environment into the kubeconfig, one fails with credentials in its error output,
// the release check reports a key, the restore fails with a token. Afterwards a scan of git, the logs, every Slack
// message and file, the cache directory and /metrics finds none of them, and the cache is its user's alone.
[UnsupportedOSPlatform("windows")]
public sealed partial class ServeProcessTests
{
    // What the scripts print is put together by them at run time, so the cluster file in git does not hold it.
    private const string Basic = "dXNlcjpodW50ZXIy";
    private const string OpenShiftToken = "sha256~Zm9vYmFyYmF6cXV4";
    private const string ClientKey = "LS0tLS1CRUdJTiBSU0E";

    [Fact]
    public async Task Provider_failures_and_restore_leak_no_token_to_git_logs_slack_the_cache_or_metrics()
    {
        UseMisbehavingScripts();
        var baseUrl = new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}/");
        await using var serve = ServeProcess.Start(["serve", "--repo", Origin, "--urls", baseUrl.ToString()], Environment());
        await serve.WaitReadyAsync(http, baseUrl);
        var sender = new SlackHttpSender(http, baseUrl, ServeReplica.SigningSecret);

        await SayAsync(sender, "miabbott", "request");
        await SayAsync(sender, "jlebon", "request ro");
        await SayAsync(sender, "miabbott", "done");
        await Eventually.WaitAsync(() => Told("miabbott", "I checked team-rhcos after your release and it is not clean"), "the release check was reported");
        await SayAsync(sender, "miabbott", "restore");
        var metrics = await http.GetStringAsync(new Uri(baseUrl, "/metrics"));
        Assert.Equal(0, await serve.TerminateAsync());

        // The script that printed its environment handed over PATH, HOME and its own details, nothing of the bot's.
        var kubeconfig = Encoding.UTF8.GetString(Assert.Single(slack.Uploads).Content);
        Assert.Contains("\nTEAMCLUSTER_USER=miabbott\n", kubeconfig, StringComparison.Ordinal);
        Assert.DoesNotContain("SLACK_", kubeconfig, StringComparison.Ordinal);
        Assert.True(Told("jlebon", "I could not get read-only credentials for team-rhcos from its provider: provider.command.kubeconfig failed with exit code 3: "
            + "login failed: Authorization: Basic *** token ***"), string.Join('\n', slack.Messages.Select(m => m.Text)));
        Assert.True(Told("miabbott", "I could not restore team-rhcos: provider.command.restore failed with exit code 1: oc scale: Unauthorized (token ***)"));

        var everything = new Dictionary<string, string>
        {
            ["git"] = GitCli.Run(Origin, "log", "-p", "--all", "--format=%H%n%an %ae%n%B"),
            ["logs"] = string.Join('\n', serve.Stdout) + serve.Stderr,
            ["slack"] = string.Join('\n', slack.Messages.Select(m => m.Text + m.Blocks)) + kubeconfig,
            ["cache"] = string.Join('\n', Directory.EnumerateFiles(temp.Combine("cache"), "*", SearchOption.AllDirectories).Select(File.ReadAllText)),
            ["metrics"] = metrics,
        };
        string[] secrets = [SlackStandIn.BotToken, ServeReplica.SigningSecret, GitHubToken, GitToken, KubeToken, Basic, OpenShiftToken, ClientKey];
        Assert.Empty(everything.SelectMany(place => secrets.Where(s => place.Value.Contains(s, StringComparison.Ordinal)).Select(s => $"{s} in {place.Key}")));
        Assert.Contains("lease: @jlebon's read-only access to team-rhcos taken back", everything["git"], StringComparison.Ordinal);
        Assert.Contains("\nReason: provider.command.kubeconfig failed with exit code 3\n", everything["git"], StringComparison.Ordinal);

        // Directories 0700, files 0600: the event journal and the outbox are replayed as trusted input.
        var cache = temp.Combine("cache");
        var open = Directory.EnumerateFileSystemEntries(cache, "*", SearchOption.AllDirectories).Prepend(cache)
            .Where(p => (File.GetUnixFileMode(p) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0);
        Assert.Empty(open);
    }

    private bool Told(string login, string start) =>
        slack.Messages.Any(m => m.Channel == slack.DirectMessageChannel(StandInTranscript.People[login]) && m.Text.StartsWith(start, StringComparison.Ordinal));

    /// <summary>team-rhcos on the command provider, with scripts that print what they should not.</summary>
    private void UseMisbehavingScripts()
    {
        var file = File.ReadAllText(Path.Combine(RepoRoot.ExampleConfig, "clusters", "team-rhcos.yaml")).Replace("  type: simulated\n", """
              type: command
              command:
                create: "true"
                destroy: "true"
                kubeconfig: >-
                  [ "$TEAMCLUSTER_MODE" = read-only ] && { printf 'login failed: Authorization: Basic %s%s token sha256~%s%s\n' dXNlcjpo dW50ZXIy Zm9vYmFy YmF6cXV4 >&2; exit 3; };
                  echo 'apiVersion: v1'; env | sort
                check: >-
                  printf 'the cluster-version-operator is scaled to 0 (client-key-data: %s%s)\n' LS0tLS1C RUdJTiBSU0E
                restore: >-
                  printf 'oc scale: Unauthorized (token sha256~%s%s)\n' Zm9vYmFy YmF6cXV4 >&2; exit 1
                revoke: "true"

            """, StringComparison.Ordinal);
        var work = temp.Combine("human");
        GitCli.Run(temp.Path, "clone", "--quiet", Origin, work);
        File.WriteAllText(Path.Combine(work, "clusters", "team-rhcos.yaml"), file);
        GitCli.Run(work, "commit", "--quiet", "-am", "team-rhcos on scripts");
        GitCli.Run(work, "push", "--quiet", "origin", "main");
    }
}
