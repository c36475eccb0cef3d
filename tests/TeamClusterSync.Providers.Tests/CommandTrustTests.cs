using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Providers.Command;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Providers.Tests;

/// <summary>
/// What an operator's script may see and say: run as the bot would run it, with the bot's tokens in the environment,
/// a script that prints its environment and fails with secrets in its output gets and gives away none of them.
/// </summary>
public sealed class CommandTrustTests : IDisposable
{
    private static readonly DateTimeOffset Expires = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    /// <summary>The bot's environment as in a pod: its tokens beside what the scripts may have.</summary>
    // Fake tokens in real shapes, split so secret scanners do not take the source for a leak.
    private static readonly Dictionary<string, string> Bot = new()
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH")!,
        ["HOME"] = "/home/bot",
        ["SLACK_BOT_TOKEN"] = "xoxb-1111-2222-bottokensecret",
        ["SLACK_APP_TOKEN"] = "xapp-1-" + "A111-222-apptokensecret",
        ["SLACK_SIGNING_SECRET"] = "signing-secret-8f7e6d",
        ["GITHUB_TOKEN"] = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789",
        ["TEAMCLUSTERSYNC_GIT_TOKEN"] = "github_pat_" + "11AAAAAAA0gittokensecret",
        ["HIVE_KUBECONFIG"] = "/var/run/hub/kubeconfig",
        ["AWS_PROFILE"] = "ci-clusters",
        ["UNLISTED"] = "not for scripts",
    };

    private readonly TempDirectory temp = new("tcs-trust");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_script_that_prints_its_environment_sees_path_home_its_details_and_what_the_cluster_lists_never_a_bot_token()
    {
        var cluster = Cluster(new CommandProvider("true", "true", "env | sort") { Environment = ["AWS_PROFILE", "SLACK_BOT_TOKEN", "MISSING"] });

        var issued = await Provider().IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default);

        var names = issued.Kubeconfig.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .Where(n => n is not "PWD" and not "SHLVL" and not "_" and not "OLDPWD");
        Assert.Equal(["AWS_PROFILE", "HOME", "PATH", "TEAMCLUSTER_CLUSTER", "TEAMCLUSTER_EXPIRES", "TEAMCLUSTER_MODE", "TEAMCLUSTER_USER"], names);
        Assert.Contains("AWS_PROFILE=ci-clusters\nHOME=/home/bot\n", issued.Kubeconfig, StringComparison.Ordinal);
        Assert.All(Bot.Where(v => v.Key.Contains("TOKEN", StringComparison.Ordinal) || v.Key.Contains("SECRET", StringComparison.Ordinal)),
            secret => Assert.DoesNotContain(secret.Value, issued.Kubeconfig, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_process_environment_of_the_bot_does_not_reach_a_script_either()
    {
        // The default: the provider reads the bot's real environment, which in a test run has plenty a script must not see.
        var cluster = Cluster(new CommandProvider("true", "true", "env"));

        var issued = await new CommandLineProvider().IssueAsync(cluster, "alice", AccessMode.ReadOnly, Expires, default);

        var names = issued.Kubeconfig.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToList();
        Assert.All(names, n => Assert.True(n is "PATH" or "HOME" or "PWD" or "SHLVL" or "_" || n.StartsWith("TEAMCLUSTER_", StringComparison.Ordinal), n));
    }

    [Fact]
    public async Task Revoke_runs_the_revoke_command_for_the_person_and_mode_and_nothing_without_one()
    {
        var log = temp.Combine("revoked");
        var cluster = Cluster(new CommandProvider("true", "true", "true", Revoke: $"echo \"$TEAMCLUSTER_CLUSTER $TEAMCLUSTER_USER $TEAMCLUSTER_MODE\" >> '{log}'"));

        await Provider().RevokeAsync(cluster, "alice", AccessMode.ReadWrite, default);
        await Provider().RevokeAsync(cluster, "bob", AccessMode.ReadOnly, default);
        await Provider().RevokeAsync(Cluster(new CommandProvider("true", "true", "true")), "carol", AccessMode.ReadWrite, default);

        Assert.Equal("c1 alice read-write\nc1 bob read-only\n", File.ReadAllText(log));
    }

    [Fact]
    public async Task A_failing_script_that_echoes_secrets_is_summed_up_for_git_and_redacted_for_people()
    {
        var cluster = Cluster(new CommandProvider("true", "true",
            "echo 'apiVersion: v1'; echo \"login failed: Authorization: Basic dXNlcjpodW50ZXIy at https://admin:hunter2@api.c1:6443\" >&2; "
            + "echo 'token: sha256~AbCdEf0123456789' >&2; exit 7"));

        var e = await Assert.ThrowsAsync<ProviderFailedException>(() => Provider().IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default));

        Assert.Equal("provider.command.kubeconfig failed with exit code 7", e.Summary);
        Assert.Equal(
            "provider.command.kubeconfig failed with exit code 7: login failed: Authorization: Basic *** at https://admin:***@api.c1:6443 / token: ***",
            e.Message);
    }

    [Fact]
    public async Task Through_the_provider_set_any_failure_and_any_check_line_are_redacted_and_cut_short()
    {
        var set = new ProviderSet([new(ProviderType.Command, Provider())]);
        var leaky = Cluster(new CommandProvider("true", "true", "true",
            Check: "printf 'CVO scaled to 0\\n\\033]0;owned\\007client-key-data: LS0tLS1CRUdJTiBSU0Eg\\nl3\\nl4\\nl5\\nl6\\n'",
            Restore: "echo 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl' >&2; exit 1"));

        var problems = await set.CheckAsync(leaky, default);
        var restore = await Assert.ThrowsAsync<ProviderFailedException>(() => set.RestoreAsync(leaky, default));

        Assert.Equal(["CVO scaled to 0", "client-key-data: ***", "l3", "l4", "l5"], problems);
        Assert.Equal("provider.command.restore failed with exit code 1: Bearer ***", restore.Message);
    }

    private static CommandLineProvider Provider() => new(environment: Bot);

    private static Cluster Cluster(CommandProvider command) =>
        new("c1", "t1", "4.16", "https://console.c1.example.com/", new ProviderSpec(ProviderType.Command, Command: command),
            new ReprovisionPolicy(null, WhenLeased.Defer, null), LeasePolicy.Default);
}
