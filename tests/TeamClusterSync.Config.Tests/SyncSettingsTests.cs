using TeamClusterSync.Core.Diagnostics;
using TeamClusterSync.Core.Sync;
using static TeamClusterSync.Config.Tests.RepoFixture;

namespace TeamClusterSync.Config.Tests;

/// <summary>The <c>sync:</c> section of teamclustersync.yaml: the team sync's guards.</summary>
public sealed class SyncSettingsTests
{
    [Fact]
    public void Without_a_sync_section_the_defaults_hold() =>
        Assert.Equal(SyncGuards.Default, Load(Settings).Sync);

    [Fact]
    public void A_count_a_minimum_and_guests()
    {
        var sync = Load(Settings + "sync:\n  maxRemovals: 3\n  minGroupSize: 2\n  includeGuests: true\n").Sync;

        Assert.Equal(new SyncGuards(RemovalCap.Count(3), 2, IncludeGuests: true), sync);
    }

    [Fact]
    public void A_share() =>
        Assert.Equal(RemovalCap.Share(10), Load(Settings + "sync:\n  maxRemovals: 10%\n").Sync.MaxRemovals);

    [Fact]
    public void A_cap_that_is_neither_a_count_nor_a_share_is_reported_where_it_is() =>
        AssertErrors("teamclustersync.yaml", Settings + "sync:\n  maxRemovals: lots\n",
            new Diagnostic("teamclustersync.yaml", 4, 16, "'sync.maxRemovals' must be a number of members (e.g. 5) or a share of the group from 0% to 100% (e.g. 25%), found 'lots'"));

    [Fact]
    public void A_share_above_100_percent_is_reported() =>
        AssertErrors("teamclustersync.yaml", Settings + "sync:\n  maxRemovals: 150%\n",
            new Diagnostic("teamclustersync.yaml", 4, 16, "'sync.maxRemovals' must be a number of members (e.g. 5) or a share of the group from 0% to 100% (e.g. 25%), found '150%'"));

    [Fact]
    public void A_minimum_group_size_of_zero_is_reported() =>
        AssertErrors("teamclustersync.yaml", Settings + "sync:\n  minGroupSize: 0\n",
            new Diagnostic("teamclustersync.yaml", 4, 17, "'sync.minGroupSize' must be a whole number from 1 to 100000, found '0'"));

    [Fact]
    public void Unknown_sync_keys_name_the_allowed_ones() =>
        AssertErrors("teamclustersync.yaml", Settings + "sync:\n  maxRemoval: 3\n",
            new Diagnostic("teamclustersync.yaml", 4, 3, "unknown key 'maxRemoval' in 'sync'; allowed keys: maxRemovals, minGroupSize, includeGuests"));

    private static Core.Model.Settings Load(string settings)
    {
        using var repo = new RepoFixture().Write("teamclustersync.yaml", settings);
        var loaded = repo.Load();
        Assert.Empty(loaded.Diagnostics);
        return loaded.Config!.Settings;
    }
}
