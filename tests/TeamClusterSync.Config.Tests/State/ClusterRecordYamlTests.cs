using TeamClusterSync.Config.State;
using TeamClusterSync.Core.Lifecycle;

namespace TeamClusterSync.Config.Tests.State;

/// <summary><c>state/clusters/&lt;cluster&gt;.yaml</c> with what Hive said: the phase since when, the running cluster's URLs, who is owed credentials.</summary>
public sealed class ClusterRecordYamlTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_hive_record_is_written_in_a_fixed_shape_and_read_back()
    {
        var record = new ClusterRecord(
            "team-rhcos", 2, At, Phase: new ClusterPhase(PhaseKind.Resuming, At.AddMinutes(1), "WaitingForNodes", "Waiting for Nodes to be ready"),
            ConsoleUrl: "https://console.example.com", ApiUrl: "https://api.example.com:6443", AwaitingCredentials: "miabbott jlebon");

        var yaml = ClusterRecordYaml.Write(record);

        Assert.Equal(
            """
            cluster: team-rhcos
            generation: 2
            provisionedAt: 2026-11-25T09:00:00Z
            phase:
              name: resuming
              since: 2026-11-25T09:01:00Z
              reason: WaitingForNodes
              message: Waiting for Nodes to be ready
            consoleUrl: https://console.example.com
            apiUrl: https://api.example.com:6443
            awaitingCredentials:
              - miabbott
              - jlebon

            """,
            yaml);
        Assert.Equal(record, ClusterRecordYaml.Read("team-rhcos", yaml));
        Assert.Equal(["miabbott", "jlebon"], record.Awaiting);
    }

    [Fact]
    public void A_rebuild_an_admin_asked_for_names_the_time_of_the_request()
    {
        var record = new ClusterRecord("team-rhcos", 3, At.AddHours(1), RebuiltAsAskedAt: At);

        var yaml = ClusterRecordYaml.Write(record);

        Assert.Equal("cluster: team-rhcos\ngeneration: 3\nprovisionedAt: 2026-11-25T10:00:00Z\nrebuiltAsAskedAt: 2026-11-25T09:00:00Z\n", yaml);
        Assert.Equal(record, ClusterRecordYaml.Read("team-rhcos", yaml));
    }

    [Fact]
    public void A_record_without_hive_keys_reads_as_before()
    {
        var record = ClusterRecordYaml.Read("team-rhcos", "cluster: team-rhcos\ngeneration: 1\nprovisionedAt: 2026-11-25T09:00:00Z\n");

        Assert.Equal(new ClusterRecord("team-rhcos", 1, At), record);
        Assert.Empty(record.Awaiting);
    }

    [Fact]
    public void An_unknown_phase_names_the_file_and_the_choices()
    {
        var e = Assert.Throws<FormatException>(() => ClusterRecordYaml.Read(
            "team-rhcos", "cluster: team-rhcos\ngeneration: 1\nprovisionedAt: 2026-11-25T09:00:00Z\nphase:\n  name: Asleep\n  since: 2026-11-25T09:00:00Z\n"));

        Assert.Equal("state/clusters/team-rhcos.yaml: 'phase.name' is 'Asleep', expected pending, resuming, running, hibernating or failed", e.Message);
    }
}
