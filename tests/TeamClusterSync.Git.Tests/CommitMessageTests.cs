using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git.Tests;

/// <summary>The audit format's edges: a person's reason stays one capped trailer line; the schedule is no author.</summary>
public sealed class CommitMessageTests
{
    [Fact]
    public void A_reason_is_one_trailer_line_capped_in_length()
    {
        var reason = "busy\nwith the upgrade " + new string('x', 300);

        var message = CommitMessage.Format("lease: @a refused @b access to c", "Cluster", "c", "a", "deny", CommitSource.Slack, reason);
        var (_, trailers) = CommitMessage.Parse(message);

        Assert.Equal(CommitMessage.MaxReasonLength, trailers["Reason"].Length);
        Assert.StartsWith("busy with the upgrade xxx", trailers["Reason"], StringComparison.Ordinal);
        Assert.EndsWith("x…", trailers["Reason"], StringComparison.Ordinal);
        Assert.Equal("deny", trailers["Action"]);
    }

    [Fact]
    public void People_author_their_commits_and_the_schedule_does_not()
    {
        Assert.Equal(("jlebon", "jlebon@users.noreply.github.com"), CommitMessage.Author("jlebon"));
        Assert.Null(CommitMessage.Author("schedule"));
    }
}
