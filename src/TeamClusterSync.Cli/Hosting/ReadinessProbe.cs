using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Keeps <see cref="Readiness"/> true on every replica (the leader's lease sweep is not enough: other replicas run no
/// job): checks that events can be journaled, reads the config repo and asks Slack who the bot is, at once and every
/// <see cref="Period"/>, each bounded. None of it holds up the start: the web server listens at once. Slack being
/// down (unreachable, not JSON, refusing the token) does not stop <c>serve</c>: it stays ready, degraded, says why in
/// one log line, holds the events it journals until Slack answers, and asks again with backoff (which also tells the
/// bot who it is).
/// </summary>
internal sealed class ReadinessProbe(
    IStateStore store,
    ConfigCache configs,
    SlackClient slack,
    SlackSettings settings,
    SlackBotIdentity identity,
    Readiness readiness,
    IHostApplicationLifetime lifetime,
    ILogger<ReadinessProbe> logger)
    : BackgroundService
{
    /// <summary>What was last logged about Slack, so each reason is logged once; null while Slack answers.</summary>
    private volatile string? slackProblem;
    private int failedChecks;

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public async Task CheckAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        CheckJournal();
        await CheckConfigAsync(bounded.Token);
        await CheckSlackAsync(bounded.Token);
    }

    /// <summary>
    /// Only the local check is part of starting (a disk answers at once), so <c>/readyz</c> tells the truth as soon as
    /// the web server listens; the config repo and Slack, which may take their full timeout, are asked right after.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        CheckJournal();
        lifetime.ApplicationStopping.Register(readiness.Stopping);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await CheckAsync(stoppingToken);
                await Task.Delay(NextCheck(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Events are journaled in the data directory before Slack is answered: it must take a write.</summary>
    private void CheckJournal()
    {
        if (settings.StateDirectory is not { } directory)
        {
            return; // no data directory: nothing is journaled, so nothing can fail to be
        }

        try
        {
            var probe = Path.Combine(Directory.CreateDirectory(directory).FullName, ".readyz");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            readiness.Journal(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = $"events cannot be journaled in {directory}: {e.Message}";
            if (readiness.NotReadyBecause != problem)
            {
                logger.LogError("readiness: {Problem}", problem);
            }

            readiness.Journal(problem);
        }
    }

    private async Task CheckConfigAsync(CancellationToken ct)
    {
        try
        {
            var snapshot = await store.ReadAsync(ct);
            configs.Get(snapshot, out var problem);
            Report(problem, snapshot.ConfigCommit);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException or StateConflictException)
        {
            readiness.Failed($"the config repo is unreachable: {e.Message}");
            logger.LogWarning("readiness: the config repo is unreachable: {Error}", e.Message);
        }
    }

    private void Report(string? problem, string commit)
    {
        if (problem is null)
        {
            readiness.Succeeded(commit);
            return;
        }

        var inUse = configs.LastGoodCommit;
        readiness.InUse(inUse);
        readiness.Failed(inUse is null
            ? $"the config repo has no valid revision: {problem}"
            : $"config revision {commit[..7]} is invalid and the last good one ({inUse[..7]}) is in use: {problem}");
    }

    private async Task CheckSlackAsync(CancellationToken ct)
    {
        string problem;
        try
        {
            identity.Learned((await slack.AuthTestAsync(ct)).UserId);
            readiness.SlackAnswered();
            if (slackProblem is not null)
            {
                logger.LogInformation("Slack answers again");
                slackProblem = null;
            }

            return;
        }
        catch (SlackApiException e) when (e.Error is "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "token_expired")
        {
            problem = $"Slack refused the bot token ({e.Error}); check {HostSettings.SlackBotTokenVariable}";
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException or OperationCanceledException)
        {
            problem = $"Slack is unreachable: {e.Message}";
        }

        readiness.SlackFailed(problem);
        identity.Unreachable();
        if (problem != slackProblem)
        {
            // One line per new reason, not one per retry.
            logger.LogError("readiness: {Problem}; retrying, and holding the events journaled until Slack answers", problem);
            slackProblem = problem;
        }
    }

    /// <summary>Every <see cref="Period"/> while all is well; while Slack does not answer, sooner, backing off from 1 s.</summary>
    private TimeSpan NextCheck()
    {
        if (slackProblem is null)
        {
            failedChecks = 0;
            return Period;
        }

        var backoff = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(failedChecks++, 5)));
        return backoff < Period ? backoff : Period;
    }
}
