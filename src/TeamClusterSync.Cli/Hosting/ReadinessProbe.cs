using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Keeps <see cref="Readiness"/> true on every replica (the leader's lease sweep is not enough: other replicas run no
/// job): reads the config repo and asks Slack who the bot is, now and every <see cref="Period"/>, each bounded.
/// </summary>
internal sealed class ReadinessProbe(IStateStore store, ConfigCache configs, SlackClient slack, Readiness readiness, ILogger<ReadinessProbe> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public async Task CheckAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        await CheckConfigAsync(bounded.Token);
        await CheckSlackAsync(bounded.Token);
    }

    /// <summary>The first check is part of starting: the host starts with <c>/readyz</c> already telling the truth.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await CheckAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await WaitAsync(timer, stoppingToken))
        {
            await CheckAsync(stoppingToken);
        }
    }

    private async Task CheckConfigAsync(CancellationToken ct)
    {
        try
        {
            var snapshot = await store.ReadAsync(ct);
            var config = configs.Get(snapshot, out var problem);
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
        try
        {
            await slack.AuthTestAsync(ct);
            readiness.SlackAnswered();
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException or OperationCanceledException)
        {
            readiness.SlackFailed(e.Message);
            logger.LogWarning("readiness: Slack is unreachable: {Error}", e.Message);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
