using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Git.Tests.State;

public sealed class LeaseStateYamlTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 6, 30, 0, TimeSpan.Zero);

    private static readonly LeaseState Busy = new(
        "team-rhcos",
        [
            new Holder("miabbott", AccessMode.ReadWrite, T, T.AddHours(8)),
            new Holder("yes", AccessMode.ReadOnly, T.AddMinutes(5), T.AddHours(8)),
        ],
        [new Reader("cgwalters", T.AddMinutes(10), T.AddHours(8).AddMinutes(10))],
        [new PendingRequest("alice", new DateTimeOffset(2026, 11, 25, 7, 0, 0, 123, TimeSpan.Zero))]);

    [Fact]
    public void Writes_keys_in_fixed_order_with_utc_timestamps()
    {
        Approvals.Verify(LeaseStateYaml.Write(Busy), "busy-lease", "yaml");
    }

    [Fact]
    public void Writes_empty_lists_as_brackets()
    {
        Assert.Equal("cluster: team-rhcos\nholders: []\nreaders: []\npending: []\n", LeaseStateYaml.Write(LeaseState.Free("team-rhcos")));
    }

    [Fact]
    public void Round_trips_byte_for_byte()
    {
        var yaml = LeaseStateYaml.Write(Busy);
        var read = LeaseStateYaml.Read("team-rhcos", yaml);

        Assert.True(read.SameAs(Busy));
        Assert.Equal(yaml, LeaseStateYaml.Write(read));
    }

    [Fact]
    public void The_line_an_offer_and_a_timed_out_ping_are_written_only_when_there_and_read_back()
    {
        var state = Busy with
        {
            Pending = [new PendingRequest("alice", T, T.AddHours(2))],
            Line = [new Waiter("bob", T, T.AddMinutes(15)), new Waiter("carol", T.AddMinutes(1))],
        };

        var yaml = LeaseStateYaml.Write(state);

        Assert.EndsWith(
            """
            pending:
              - user: alice
                requested: 2026-11-25T06:30:00Z
                timedOut: 2026-11-25T08:30:00Z
            line:
              - user: bob
                since: 2026-11-25T06:30:00Z
                offeredUntil: 2026-11-25T06:45:00Z
              - user: carol
                since: 2026-11-25T06:31:00Z

            """.ReplaceLineEndings("\n"),
            yaml);
        Assert.True(LeaseStateYaml.Read("team-rhcos", yaml).SameAs(state));
        Assert.DoesNotContain("line", LeaseStateYaml.Write(Busy), StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_non_utc_times_as_utc()
    {
        var state = LeaseState.Free("c") with { Pending = [new PendingRequest("bob", new DateTimeOffset(2026, 11, 25, 8, 30, 0, TimeSpan.FromHours(2)))] };

        Assert.Contains("requested: 2026-11-25T06:30:00Z\n", LeaseStateYaml.Write(state));
    }

    [Theory]
    [InlineData("", "state/leases/team-rhcos.yaml: the file is empty; expected a lease with 'cluster: team-rhcos'")]
    [InlineData("cluster: other\n", "state/leases/team-rhcos.yaml: 'cluster' is 'other', expected 'team-rhcos'")]
    [InlineData("cluster: team-rhcos\nholders:\n  - user: a\n    mode: admin\n    since: 2026-11-25T06:30:00Z\n    expires: 2026-11-25T06:30:00Z\n",
        "state/leases/team-rhcos.yaml: 'holders[0].mode' is 'admin', expected read-write or read-only")]
    [InlineData("cluster: team-rhcos\npending:\n  - user: a\n    requested: yesterday\n",
        "state/leases/team-rhcos.yaml: 'pending[0].requested' is 'yesterday', expected an ISO-8601 UTC time like 2026-11-25T06:30:00Z")]
    [InlineData("cluster: team-rhcos\nreaders:\n  - since: 2026-11-25T06:30:00Z\n    expires: 2026-11-25T06:30:00Z\n",
        "state/leases/team-rhcos.yaml: 'readers[0].user' is missing")]
    public void Corrupt_files_throw_format_exceptions_naming_the_file(string yaml, string message)
    {
        var e = Assert.Throws<FormatException>(() => LeaseStateYaml.Read("team-rhcos", yaml));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_the_position()
    {
        var e = Assert.Throws<FormatException>(() => LeaseStateYaml.Read("team-rhcos", "cluster: team-rhcos\nholderz: []\n"));
        Assert.StartsWith("state/leases/team-rhcos.yaml:2:1: ", e.Message);
        Assert.Contains("holderz", e.Message);
    }

    [Fact]
    public void Hand_edited_files_in_other_yaml_styles_read_the_same()
    {
        var handEdited = """
            # reset by hand after the outage
            cluster: "team-rhcos"
            pending: [{user: alice, requested: "2026-11-25T07:00:00.123Z"}]
            holders:
            - {user: miabbott, mode: read-write, since: 2026-11-25T06:30:00Z, expires: 2026-11-25T14:30:00Z}
            - user: "yes"
              mode: read-only
              since: 2026-11-25T06:35:00Z
              expires: 2026-11-25T14:30:00Z
            readers:
            - {user: cgwalters, since: 2026-11-25T06:40:00Z, expires: 2026-11-25T14:40:00Z}
            """;

        Assert.True(LeaseStateYaml.Read("team-rhcos", handEdited).SameAs(Busy));
    }

    [Fact]
    public void A_null_user_is_missing_even_in_the_canonical_layout()
    {
        var yaml = "cluster: team-rhcos\nholders: []\nreaders: []\npending:\n  - user: null\n    requested: 2026-11-25T06:30:00Z\n";

        var e = Assert.Throws<FormatException>(() => LeaseStateYaml.Read("team-rhcos", yaml));
        Assert.Equal("state/leases/team-rhcos.yaml: 'pending[0].user' is missing", e.Message);
    }
}
