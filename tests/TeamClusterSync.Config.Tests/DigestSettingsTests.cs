using TeamClusterSync.Core.Diagnostics;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary>The <c>digest:</c> section of teamclustersync.yaml: when the weekly usage digest goes out; off while absent.</summary>
public sealed class DigestSettingsTests
{
    [Fact]
    public void Without_a_digest_section_there_is_no_digest() =>
        Assert.Null(Load(Settings).Digest);

    [Fact]
    public void A_cron_in_a_time_zone() =>
        Assert.Equal(new Core.Model.Schedule("0 0 9 ? * MON", "Europe/Berlin"), Load(Settings + "digest:\n  cron: \"0 0 9 ? * MON\"\n  timeZone: Europe/Berlin\n").Digest);

    [Fact]
    public void A_cron_that_quartz_cannot_read_is_reported_where_it_is() =>
        AssertErrors("teamclustersync.yaml", Settings + "digest:\n  cron: \"every monday\"\n",
            new Diagnostic("teamclustersync.yaml", 4, 9, "'digest.cron' is not a Quartz cron expression (Illegal characters for this position: 'EVE'); e.g. '0 0 6 ? * MON' is Mondays at 06:00"));

    [Fact]
    public void A_digest_without_a_cron_and_an_unknown_key_are_reported() =>
        AssertErrors("teamclustersync.yaml", Settings + "digest:\n  timezone: UTC\n",
            new Diagnostic("teamclustersync.yaml", 4, 3, "unknown key 'timezone' in 'digest'; allowed keys: cron, timeZone"),
            new Diagnostic("teamclustersync.yaml", 4, 3, "missing required key 'digest.cron'"));

    private static Core.Model.Settings Load(string settings)
    {
        using var repo = new RepoFixture().Write("teamclustersync.yaml", settings);
        var loaded = repo.Load();
        Assert.Empty(loaded.Diagnostics);
        return loaded.Config!.Settings;
    }
}
