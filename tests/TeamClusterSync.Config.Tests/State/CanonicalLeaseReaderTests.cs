using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Config.Tests.State;

/// <summary>
/// The fast reader <c>history</c> relies on takes every file the bot writes (a line, an offer, a timed-out ping
/// included) and reads it as the YAML parser does; anything else it leaves to the parser.
/// </summary>
public sealed class CanonicalLeaseReaderTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 6, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> States => new()
    {
        "free",
        "held",
        "held, a ping timed out, two in line",
        "free, offered to the first in line",
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Every_file_the_bot_writes_takes_the_fast_path_and_reads_as_the_parser_reads_it(string name)
    {
        var yaml = LeaseStateYaml.Write(State(name));

        var fast = CanonicalLeaseReader.TryRead(yaml);

        Assert.NotNull(fast);
        var parsed = StateYaml.Deserializer.Deserialize<LeaseStateDocument>(yaml);
        Assert.Equal(StateYaml.LeaseSerializer.Serialize(parsed), StateYaml.LeaseSerializer.Serialize(fast));
        Assert.True(LeaseStateYaml.Read("team-rhcos", yaml).SameAs(State(name)));
    }

    [Fact]
    public void A_hand_edited_file_is_left_to_the_parser()
    {
        Assert.Null(CanonicalLeaseReader.TryRead("cluster: team-rhcos\nholders: []\nreaders: []\npending: []\nline:\n  - user: \"bob\"\n    since: 2026-11-25T06:30:00Z\n"));
    }

    private static LeaseState State(string name) => name switch
    {
        "free" => LeaseState.Free("team-rhcos"),
        "held" => LeaseState.Free("team-rhcos") with { Holders = [new Holder("alice", AccessMode.ReadWrite, T, T.AddHours(8))] },
        "held, a ping timed out, two in line" => LeaseState.Free("team-rhcos") with
        {
            Holders = [new Holder("alice", AccessMode.ReadWrite, T, T.AddHours(8))],
            Readers = [new Reader("carol", T, T.AddHours(8))],
            Pending = [new PendingRequest("bob", T, T.AddHours(2)), new PendingRequest("dave", T.AddMinutes(5))],
            Line = [new Waiter("bob", T), new Waiter("erin", T.AddMinutes(1))],
        },
        _ => LeaseState.Free("team-rhcos") with { Line = [new Waiter("bob", T, T.AddMinutes(15)), new Waiter("erin", T.AddMinutes(1))] },
    };
}
