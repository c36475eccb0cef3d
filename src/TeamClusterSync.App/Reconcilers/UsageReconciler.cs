using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Usage;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// Usage, each minute: counts the time each cluster is held (<see cref="HeldTime"/>), and when <c>digest.cron</c>'s time
/// has come since the last look, sends each team channel the usage of its clusters over the 7 days up to that time, in
/// words and, where the host draws charts and the front end takes files, with the chart. When it last looked is kept in
/// memory: a replica that starts or becomes leader sends the next digest, not one that fell due while it was not
/// running, so one replica never sends a digest twice. A digest whose time was missed by more than
/// <see cref="MisfireThreshold"/> (the sweep did not run, or could not read the store) is skipped, not sent late: what
/// Quartz calls the misfire instruction "do nothing". A week's figures posted on Tuesday would read as the wrong week.
/// </summary>
public sealed class UsageReconciler(
    IStateStore store,
    ConfigCache configs,
    UsageReports reports,
    TimeProvider clock,
    ILogger<UsageReconciler> logger,
    IUsageChart? chart = null,
    IChannelFiles? files = null) : IReconciler
{
    /// <summary>How late a digest may still go out: the sweep runs each minute, so a few minutes is a delayed run, not a missed one.</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(5);

    private readonly HeldTime held = new();
    private DateTimeOffset? lastLook;

    public async Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = lastLook ?? now;
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out _);
        foreach (var cluster in (config?.Clusters ?? []).Where(c => snapshot.LeaseProblem(c.Name) is null))
        {
            held.Observe(cluster, snapshot.Lease(cluster.Name), now);
        }

        var messages = config?.Settings.Digest is { } schedule && Schedules.NextAfter(schedule, since) is { } due && due <= now
            ? await DigestOrSkipAsync(config, due, now, ct)
            : [];
        lastLook = now; // Only now: a run that could not read the store looks again from the same time.
        return messages;
    }

    private async Task<IReadOnlyList<OutgoingMessage>> DigestOrSkipAsync(ConfigRepository config, DateTimeOffset due, DateTimeOffset now, CancellationToken ct)
    {
        if (now - due <= MisfireThreshold)
        {
            return await DigestAsync(config, due, ct);
        }

        logger.LogWarning("the usage digest due at {Due} was missed by {Late}; it is skipped, and the next one goes out on time", due, now - due);
        return [];
    }

    private async Task<IReadOnlyList<OutgoingMessage>> DigestAsync(ConfigRepository config, DateTimeOffset due, CancellationToken ct)
    {
        var messages = new List<OutgoingMessage>();
        var teams = config.Teams.Where(t => t.SlackChannel is not null && config.ClustersOf(t).Any()).ToList();

        // One report of every cluster, shared out by team: the history of the cluster records is walked once.
        UsageReport all;
        try
        {
            all = await reports.ReportAsync(due - UsageReports.Week, due, UsageReports.All, ct);
        }
        catch (InvalidOperationException e)
        {
            teams.ForEach(team => logger.LogError("the usage digest for team {Team} was not sent: {Error}", team.Name, e.Message));
            return messages;
        }

        foreach (var team in teams)
        {
            var report = all with { Clusters = [.. all.Clusters.Where(f => f.Team == team.Name)] };

            var text = $"Weekly usage of team {team.Name}'s clusters\n```\n{UsageText.Of(report).TrimEnd()}\n```";
            if (chart is null || files is null)
            {
                messages.Add(new OutgoingMessage(new Recipient.Channel(team.SlackChannel!), text));
                continue;
            }

            await files.ShareAsync(team.SlackChannel!, text, $"usage-{team.Name}-{due.UtcDateTime:yyyy-MM-dd}.png", chart.RenderPng(report), ct);
            logger.LogInformation("usage digest sent to #{Channel}", team.SlackChannel);
        }

        return messages;
    }
}
