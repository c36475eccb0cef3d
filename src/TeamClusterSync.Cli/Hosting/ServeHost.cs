using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Wires the production host: the app over the git store, Slack (Socket Mode and/or HTTP events), the reconcilers on
/// Quartz schedules, and health endpoints. Only wiring lives here.
/// </summary>
internal static class ServeHost
{
    /// <param name="observe">Called after each Slack item is handled (tests wait on it).</param>
    public static async Task<WebApplication> BuildAsync(
        HostSettings settings, SlackSettings slack, IStateStore store, string urls, Func<SlackIncoming, Task>? observe = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        var http = new HttpClient();
        var identity = await new SlackClient(slack.ApiBase, http, slack.BotToken, options: slack.ClientOptions).AuthTestAsync();

        builder.Services.AddSingleton(http);
        builder.Services.AddTeamClusterSync(settings, store);
        builder.Services.AddSlack(slack, new SlackBotIdentity(identity.UserId), http, observe);
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddQuartz(q =>
        {
            Schedule<LeaseExpiryReconciler>(q, "lease-expiry", LeaseExpiryReconciler.Period, reportsReadiness: true);
            Schedule<ClusterLifecycleReconciler>(q, "cluster-lifecycle", LeaseExpiryReconciler.Period, reportsReadiness: false);
            if (settings.GitHubToken is not null)
            {
                Schedule<TeamSyncReconciler>(q, "team-sync", TeamSyncReconciler.Period, reportsReadiness: false);
            }
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        var app = builder.Build();
        app.MapSlack();
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/readyz", (Readiness readiness) => readiness.IsReady
            ? Results.Text("ready")
            : Results.Text("not ready: " + readiness.Problem, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    private static void Schedule<TReconciler>(IQuartzBuilder q, string name, TimeSpan period, bool reportsReadiness)
        where TReconciler : IReconciler
    {
        var job = new JobKey(name);
        q.AddJob<ReconcileJob<TReconciler>>(j => j.WithIdentity(job).UsingJobData(ReconcileJob<TReconciler>.ReportsReadiness, reportsReadiness));
        q.AddTrigger(t => t.ForJob(job).StartNow().WithSimpleSchedule(s => s.WithInterval(period).RepeatForever()));
    }
}
