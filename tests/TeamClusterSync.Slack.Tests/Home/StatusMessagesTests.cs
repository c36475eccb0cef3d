using TeamClusterSync.Slack.Home;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Slack.Tests.Home;

public sealed class StatusMessagesTests : IDisposable
{
    private readonly TempDirectory temp = new("tcs-status");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_restart_finds_the_status_message_it_posted_before()
    {
        var file = temp.Combine("slack-status-messages.json");
        new StatusMessages(file).Remember("team-rhcos", "team-rhcos", new StatusMessage("C0TEAMRHCOS", "1700000000.000101"));

        var again = new StatusMessages(file);

        Assert.Equal(new StatusMessage("C0TEAMRHCOS", "1700000000.000101"), again.Find("team-rhcos", "team-rhcos"));
        Assert.Null(again.Find("team-mco", "team-mco"));
    }

    [Fact]
    public void Without_a_state_directory_it_remembers_in_memory_only()
    {
        var memory = new StatusMessages(null);
        memory.Remember("team-mco", "team-mco", new StatusMessage("C0TEAMMCO", "1.2"));

        Assert.Equal("1.2", memory.Find("team-mco", "team-mco")?.Ts);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
