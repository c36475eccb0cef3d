using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Providers.Command;
using TeamClusterSync.Providers.Simulated;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Providers.Tests;

public sealed class ProviderTests : IDisposable
{
    private static readonly DateTimeOffset Expires = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory temp = new("tcs-provider");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Simulated_credentials_differ_per_issue_and_read_only_is_another_identity()
    {
        var provider = new SimulatedProvider();
        var cluster = Cluster(ProviderSpec.Simulated);

        var first = await provider.IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default);
        var again = await provider.IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default);
        var reader = await provider.IssueAsync(cluster, "bob", AccessMode.ReadOnly, Expires, default);

        Assert.Equal(("kubeconfig-c1.yaml", "kube:admin"), (first.FileName, first.Identity));
        Assert.Equal(("kubeconfig-c1-readonly.yaml", "system:serviceaccount:teamclustersync:reader-bob"), (reader.FileName, reader.Identity));
        Assert.NotEqual(first.Kubeconfig, again.Kubeconfig);
        Assert.Contains("    server: https://api.c1.example.com:6443\n", first.Kubeconfig, StringComparison.Ordinal);
        Assert.Contains("current-context: c1-read-only\n", reader.Kubeconfig, StringComparison.Ordinal);
        await provider.RevokeAsync(cluster, "bob", AccessMode.ReadOnly, default);
        Assert.Equal(["c1/alice/ReadWrite"], provider.ActiveTokens.Keys);
    }

    [Fact]
    public async Task The_command_provider_passes_details_in_the_environment_and_returns_stdout()
    {
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider("true", "true",
            "printf 'apiVersion: v1\\n# %s %s %s %s\\n' \"$TEAMCLUSTER_CLUSTER\" \"$TEAMCLUSTER_USER\" \"$TEAMCLUSTER_MODE\" \"$TEAMCLUSTER_EXPIRES\"")));

        var issued = await new CommandLineProvider().IssueAsync(cluster, "alice", AccessMode.ReadOnly, Expires, default);

        Assert.Equal("apiVersion: v1\n# c1 alice read-only 2026-11-25T17:00:00Z\n", issued.Kubeconfig);
        Assert.Equal("kubeconfig-c1-readonly.yaml", issued.FileName);
    }

    [Fact]
    public async Task The_command_provider_checks_with_its_check_command_and_restores_with_its_restore_command()
    {
        var flag = temp.Combine("cvo-down");
        File.WriteAllText(flag, "");
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider(
            "true",
            "true",
            "true",
            Check: $"test -f '{flag}' && echo \"the cluster-version-operator of $TEAMCLUSTER_CLUSTER is scaled to 0 replicas\"; true",
            Restore: $"rm '{flag}'")));
        var provider = new CommandLineProvider();

        var dirty = await provider.CheckAsync(cluster, default);
        await provider.RestoreAsync(cluster, default);
        var clean = await provider.CheckAsync(cluster, default);

        Assert.Equal(["the cluster-version-operator of c1 is scaled to 0 replicas"], dirty);
        Assert.Empty(clean);
        Assert.False(File.Exists(flag));
    }

    [Fact]
    public async Task A_command_cluster_without_a_restore_command_says_so()
    {
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider("true", "true", "true")));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new CommandLineProvider().RestoreAsync(cluster, default));

        Assert.Equal("cluster c1 has no provider.command.restore; restore it by hand", e.Message);
        Assert.Empty(await new CommandLineProvider().CheckAsync(cluster, default));
    }

    [Fact]
    public async Task A_simulated_cluster_left_dirty_stays_dirty_until_restored()
    {
        var provider = new SimulatedProvider();
        var cluster = Cluster(ProviderSpec.Simulated);
        provider.LeaveDirty("c1");

        var dirty = await provider.CheckAsync(cluster, default);
        await provider.RestoreAsync(cluster, default);

        Assert.Equal(SimulatedProvider.ForgottenCleanup, dirty);
        Assert.Empty(await provider.CheckAsync(cluster, default));
    }

    [Fact]
    public async Task A_user_name_is_never_run_as_shell()
    {
        var marker = temp.Combine("pwned");
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider("true", "true", "echo \"user: $TEAMCLUSTER_USER\"")));

        var issued = await new CommandLineProvider().IssueAsync(cluster, $"x$(touch {marker})", AccessMode.ReadWrite, Expires, default);

        Assert.Equal($"user: x$(touch {marker})\n", issued.Kubeconfig);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code_and_stderr_but_not_stdout()
    {
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider("true", "true",
            "echo 'token: half-written'; echo 'hub unreachable' >&2; exit 3")));

        var e = await Assert.ThrowsAsync<ProviderFailedException>(
            () => new CommandLineProvider().IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default));

        Assert.Equal(("provider.command.kubeconfig failed with exit code 3: hub unreachable", "provider.command.kubeconfig failed with exit code 3"), (e.Message, e.Summary));
    }

    [Fact]
    public async Task A_hanging_command_is_stopped()
    {
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider("true", "true", "sleep 30")));

        var e = await Assert.ThrowsAsync<TimeoutException>(
            () => new CommandLineProvider(TimeSpan.FromMilliseconds(200)).IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default));

        Assert.Equal("provider.command.kubeconfig did not finish within 0.2 s", e.Message);
    }

    [Fact]
    public async Task The_command_provider_reprovisions_by_destroy_then_create()
    {
        var log = temp.Combine("log");
        var cluster = Cluster(new ProviderSpec(ProviderType.Command, Command: new Core.Model.CommandProvider(
            $"echo \"create $TEAMCLUSTER_CLUSTER\" >> {log}", $"echo \"destroy $TEAMCLUSTER_CLUSTER\" >> {log}", "true")));

        await new CommandLineProvider().ReprovisionAsync(cluster, default);

        Assert.Equal("destroy c1\ncreate c1\n", File.ReadAllText(log));
    }

    [Fact]
    public async Task A_provider_type_the_bot_has_no_provider_for_is_named()
    {
        var cluster = Cluster(new ProviderSpec(ProviderType.Hive, Hive: new HiveProvider("hive", "pool")));

        var e = await Assert.ThrowsAsync<NotSupportedException>(
            () => new ProviderSet(ProviderSet.Defaults()).IssueAsync(cluster, "alice", AccessMode.ReadWrite, Expires, default));

        Assert.Equal("cluster c1 uses provider 'hive', which this bot is not configured for", e.Message);
    }

    private static Cluster Cluster(ProviderSpec provider) =>
        new("c1", "t1", "4.16", "https://console.c1.example.com/", provider, new ReprovisionPolicy(null, WhenLeased.Defer, null), LeasePolicy.Default);
}
