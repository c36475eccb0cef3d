using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.Chat;

namespace TeamClusterSync.Slack.Outbox;

/// <summary>
/// At start, delivers what an earlier process committed but never told anyone, once Slack answers (the bot's identity
/// is known then); the delivery strikes each commit from the outbox.
/// </summary>
internal sealed class OutboxReplay(IReplyOutbox outbox, IMessageDelivery delivery, SlackBotIdentity bot, ILogger<OutboxReplay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var left = outbox.Undelivered();
        if (left.Count == 0)
        {
            return;
        }

        while (bot.UserId is null)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }

        foreach (var promised in left)
        {
            logger.LogWarning("delivering the replies of {Commit}, committed before a restart but never sent", promised.Commit[..Math.Min(7, promised.Commit.Length)]);
            await delivery.DeliverAsync(promised.Replies, stoppingToken);
        }
    }
}
