using TeamClusterSync.Core.Leases;
using TeamClusterSync.Git.History;

namespace TeamClusterSync.Git.Tests.History;

public sealed class StateFieldsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 8, 30, 15, TimeSpan.FromHours(2));

    [Fact]
    public void Every_kind_of_entry_reads_back_as_written_with_its_offset_and_order()
    {
        var state = new LeaseState(
            "team-rhcos",
            [new Holder("alice", AccessMode.ReadWrite, At, At.AddHours(8)), new Holder("bob", AccessMode.ReadOnly, At.AddTicks(1), At.AddHours(1))],
            [new Reader("carol", At.ToUniversalTime(), At.AddDays(1))],
            [new PendingRequest("dave", At, At.AddHours(2)), new PendingRequest("erin", At.AddMinutes(1))])
        {
            Line = [new Waiter("frank", At, At.AddMinutes(15)), new Waiter("grace", At.AddMinutes(2))],
        };
        var fields = new List<string?> { "S", "team-rhcos", "blob" };

        StateFields.Append(fields, state);
        var read = StateFields.Read("team-rhcos", fields, 3);

        Assert.True(read.SameAs(state));
        Assert.Equal(TimeSpan.FromHours(2), read.Holders[0].Since.Offset);
        Assert.Equal(At.AddTicks(1).Ticks, read.Holders[1].Since.Ticks);
        Assert.Null(read.Pending[1].TimedOut);
        Assert.Equal(At.AddMinutes(15), read.Offer!.OfferedUntil);
    }

    [Fact]
    public void A_free_cluster_has_no_fields_and_reads_back_free()
    {
        var fields = new List<string?>();

        StateFields.Append(fields, LeaseState.Free("team-rhcos"));

        Assert.Empty(fields);
        Assert.True(StateFields.Read("team-rhcos", fields, 0).SameAs(LeaseState.Free("team-rhcos")));
    }
}
