using TeamClusterSync.Core.Diagnostics;
using TeamClusterSync.Core.Model;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary>The cluster settings of release checks and holder credentials: read when valid, pointed at when not.</summary>
public sealed class ReleaseSettingsTests
{
    private const string ClusterHead = "name: c\nteam: a\nversion: \"4.6\"\nconsoleUrl: https://c.example.com/\n";

    [Fact]
    public void Check_restore_and_when_dirty_are_read()
    {
        var cluster = Load(ClusterHead + "provider:\n  type: command\n  command:\n    create: c\n    destroy: d\n    kubeconfig: k\n    check: ck\n    restore: r\n"
            + "reprovision:\n  cron: 0 0 6 ? * SUN\n  whenDirty: keep\n");

        Assert.Equal(new CommandProvider("c", "d", "k", "ck", "r"), cluster.Provider.Command);
        Assert.False(cluster.Reprovision.ReprovisionWhenDirty);
    }

    [Fact]
    public void Shared_admin_kubeconfig_and_left_dirty_are_opt_in()
    {
        var hive = Load(ClusterHead + "provider:\n  type: hive\n  hive:\n    namespace: n\n    clusterPool: p\n    sharedAdminKubeconfig: true\n");
        var simulated = Load(ClusterHead + "provider:\n  type: simulated\n  simulated:\n    leftDirty: true\n");
        var plain = Load(RepoFixture.Cluster);

        Assert.Equal(new HiveProvider("n", "p", SharedAdminKubeconfig: true), hive.Provider.Hive);
        Assert.True(simulated.Provider.LeftDirty);
        Assert.Equal(ProviderSpec.Simulated, plain.Provider);
        Assert.True(plain.Reprovision.ReprovisionWhenDirty);
    }

    [Fact]
    public void A_hive_cluster_needs_no_console_url_and_may_hibernate_after_a_while()
    {
        var hive = Load("name: c\nteam: a\nversion: \"4.6\"\nprovider:\n  type: hive\n  hive:\n    namespace: n\n    clusterPool: p\n");

        var sleeping = Load("name: c\nteam: a\nversion: \"4.6\"\nprovider:\n  type: hive\n  hive:\n    namespace: n\n    clusterPool: p\n    hibernateAfter: 2h\n");

        Assert.Equal("", hive.ConsoleUrl);
        Assert.Null(hive.Provider.Hive!.HibernateAfter);
        Assert.Equal(TimeSpan.FromHours(2), sleeping.Provider.Hive!.HibernateAfter);
        AssertErrors("clusters/c.yaml", "name: c\nteam: a\nversion: \"4.6\"\nprovider:\n  type: simulated\n",
            new Diagnostic("clusters/c.yaml", 1, 1, "missing required key 'consoleUrl'"));
    }

    [Fact]
    public void A_bad_when_dirty_is_pointed_at()
    {
        AssertErrors("clusters/c.yaml", ClusterHead + "provider:\n  type: simulated\nreprovision:\n  cron: 0 0 6 ? * SUN\n  whenDirty: later\n",
            new Diagnostic("clusters/c.yaml", 9, 14, "'reprovision.whenDirty' must be one of reprovision, keep, found 'later'"));
    }

    private static Cluster Load(string yaml)
    {
        using var repo = new RepoFixture().Write("clusters/c.yaml", yaml);
        var result = repo.Load();
        Assert.Empty(result.Diagnostics);
        return result.Config!.FindCluster("c")!;
    }
}
