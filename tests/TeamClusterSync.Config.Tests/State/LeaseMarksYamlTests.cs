using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Config.Tests.State;

/// <summary>
/// What lead actions and a wait for the first free leave in a lease file (a pause, a reprovision request, a place
/// taken for any of several clusters) is written as said, and read back the same.
/// </summary>
public sealed class LeaseMarksYamlTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 6, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_reprovision_request_round_trips_and_is_written_after_a_pause()
    {
        var state = LeaseState.Free("c") with
        {
            Paused = new Pause("cgwalters", "upgrading", T),
            Reprovision = new ReprovisionRequest("cgwalters", "etcd is broken", T.AddMinutes(1)),
        };

        var yaml = LeaseStateYaml.Write(state);

        Assert.EndsWith(
            "paused:\n  by: cgwalters\n  reason: upgrading\n  since: 2026-11-25T06:30:00Z\nreprovision:\n  by: cgwalters\n  reason: etcd is broken\n  since: 2026-11-25T06:31:00Z\n",
            yaml,
            StringComparison.Ordinal);
        Assert.True(LeaseStateYaml.Read("c", yaml).SameAs(state));
        Assert.Null(CanonicalLeaseReader.TryRead(yaml));
    }

    [Fact]
    public void A_place_taken_for_the_first_free_of_several_clusters_is_marked_and_read_back()
    {
        var state = LeaseState.Free("c") with
        {
            Holders = [new Holder("alice", AccessMode.ReadWrite, T, T.AddHours(8))],
            Line = [new Waiter("bob", T, AnyOf: true), new Waiter("carol", T.AddMinutes(1))],
        };

        var yaml = LeaseStateYaml.Write(state);

        Assert.EndsWith("line:\n  - user: bob\n    since: 2026-11-25T06:30:00Z\n    anyOf: true\n  - user: carol\n    since: 2026-11-25T06:31:00Z\n", yaml, StringComparison.Ordinal);
        Assert.True(LeaseStateYaml.Read("c", yaml).SameAs(state));
    }

    [Fact]
    public void A_reprovision_request_without_a_reason_is_a_broken_file()
    {
        var e = Assert.Throws<FormatException>(() =>
            LeaseStateYaml.Read("c", "cluster: c\nholders: []\nreaders: []\npending: []\nreprovision:\n  by: cgwalters\n  since: 2026-11-25T06:31:00Z\n"));

        Assert.Equal("state/leases/c.yaml: 'reprovision.reason' is missing", e.Message);
    }
}
