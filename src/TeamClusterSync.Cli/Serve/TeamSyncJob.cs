using Microsoft.Extensions.Logging;
using Quartz;
using TeamClusterSync.Cli.Sync;
using TeamClusterSync.Git;
using TeamClusterSync.GitHub;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Serve;

/// <summary>Every <see cref="ServeSettings.SyncPeriod"/>: GitHub team members into <c>state/sync/</c> and the Slack user groups.</summary>
[DisallowConcurrentExecution]
internal sealed class TeamSyncJob(StateStore store, SlackClient slack, ServeSettings settings, ILogger<TeamSyncJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var gitHub = GitHubTeams.Create(settings.GitHubToken!, settings.GitHubApi);
            var result = await new TeamSyncRun(store, gitHub, slack).RunAsync(dryRun: false, source: "schedule", cancellationToken);
            foreach (var problem in result.Problems)
            {
                logger.LogWarning("team sync: {Problem}", problem);
            }

            foreach (var plan in result.Usergroups.Where(p => p.Unmapped.Count > 0))
            {
                logger.LogInformation("@{Handle}: not in Slack, add to people.yaml: {Logins}", plan.Handle, string.Join(", ", plan.Unmapped));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "team sync failed; the next run retries");
        }
    }
}
