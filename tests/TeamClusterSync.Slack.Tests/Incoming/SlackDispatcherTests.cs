using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Slack.Incoming;

namespace TeamClusterSync.Slack.Tests.Incoming;

public sealed class SlackDispatcherTests
{
    [Fact]
    public async Task One_users_items_run_in_arrival_order_while_other_users_go_ahead()
    {
        var firstMayFinish = new TaskCompletionSource();
        var finished = new ConcurrentQueue<string>();
        var dispatcher = new SlackDispatcher(
            async (item, _) =>
            {
                var text = ((SlackMessage)item).Text;
                if (text == "request")
                {
                    await firstMayFinish.Task;
                }

                finished.Enqueue(text);
            },
            new HandledEvents(),
            NullLogger.Instance);

        var request = dispatcher.Dispatch(Message("U0ALICE", "request"), "Ev1", default);
        var done = dispatcher.Dispatch(Message("U0ALICE", "done"), "Ev2", default);
        await dispatcher.Dispatch(Message("U0BOB", "status"), "Ev3", default);

        Assert.Equal(["status"], finished);
        Assert.False(done.IsCompleted);
        firstMayFinish.SetResult();
        await Task.WhenAll(request, done);
        Assert.Equal(["status", "request", "done"], finished);
    }

    [Fact]
    public async Task A_failing_item_is_logged_and_does_not_block_the_next_one_of_the_same_user()
    {
        var handled = new HandledEvents(file: null);
        var seen = new ConcurrentQueue<string>();
        var dispatcher = new SlackDispatcher(
            (item, _) =>
            {
                var text = ((SlackMessage)item).Text;
                seen.Enqueue(text);
                return text == "boom" ? throw new InvalidOperationException("boom") : Task.CompletedTask;
            },
            handled,
            NullLogger.Instance);

        await dispatcher.Dispatch(Message("U0ALICE", "boom"), "Ev1", default);
        await dispatcher.Dispatch(Message("U0ALICE", "after"), "Ev2", default);

        Assert.Equal(["boom", "after"], seen);
    }

    private static SlackMessage Message(string user, string text) => new(user, "D" + user, "im", text, "1.0", IsFromBot: false);
}
