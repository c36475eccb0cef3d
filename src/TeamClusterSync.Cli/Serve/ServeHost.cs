using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using TeamClusterSync.Bot.Engine;
using TeamClusterSync.Cli.Providers;
using TeamClusterSync.Git;
using TeamClusterSync.Slack.Bot;
using TeamClusterSync.Slack.Http;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.SocketMode;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Cli.Serve;

/// <summary>
/// Wires the production host: the command engine over the state store, the Slack bot over Socket Mode and/or HTTP
/// events, the lease sweep on a Quartz schedule, and health endpoints. Only wiring lives here.
/// </summary>
internal static class ServeHost
{
    /// <param name="observe">Called after each Slack item is handled (tests wait on it).</param>
    public static async Task<WebApplication> BuildAsync(
        ServeSettings settings, StateStore store, string urls, Func<SlackIncoming, Task>? observe = null, SlackClientOptions? slackOptions = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        var http = new HttpClient();
        var slack = new SlackClient(settings.SlackApi, http, settings.BotToken, settings.AppToken, slackOptions);
        var identity = await slack.AuthTestAsync();

        builder.Services.AddSingleton(http);
        builder.Services.AddSingleton(slack);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddSingleton(sp => new CommandEngine(
            store, ClusterProviders.FromEnvironment(), TimeProvider.System, source: "slack", sp.GetRequiredService<ILogger<CommandEngine>>()));
        builder.Services.AddSingleton(sp => new SlackBot(
            sp.GetRequiredService<CommandEngine>(), slack, identity.UserId, TimeProvider.System, sp.GetRequiredService<ILogger<SlackBot>>()));
        builder.Services.AddSingleton<Func<SlackIncoming, CancellationToken, Task>>(sp =>
        {
            var bot = sp.GetRequiredService<SlackBot>();
            return async (item, ct) =>
            {
                await bot.HandleAsync(item, ct);
                await (observe?.Invoke(item) ?? Task.CompletedTask);
            };
        });
        if (settings.AppToken is not null)
        {
            builder.Services.AddHostedService(sp => new SocketModeService(new SocketModeClient(
                slack, sp.GetRequiredService<Func<SlackIncoming, CancellationToken, Task>>(), logger: sp.GetRequiredService<ILogger<SocketModeClient>>())));
        }

        builder.Services.AddQuartz(q =>
        {
            var sweep = new JobKey("lease-sweep");
            q.AddJob<LeaseSweepJob>(j => j.WithIdentity(sweep));
            q.AddTrigger(t => t.ForJob(sweep).StartNow().WithSimpleSchedule(s => s.WithInterval(CommandEngine.SweepPeriod).RepeatForever()));
            if (settings.GitHubToken is not null)
            {
                var sync = new JobKey("team-sync");
                q.AddJob<TeamSyncJob>(j => j.WithIdentity(sync));
                q.AddTrigger(t => t.ForJob(sync).StartNow().WithSimpleSchedule(s => s.WithInterval(ServeSettings.SyncPeriod).RepeatForever()));
            }
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        var app = builder.Build();
        if (settings.SigningSecret is not null)
        {
            SlackHttpEndpoints.Map(app, new SlackSignatureVerifier(settings.SigningSecret), app.Services.GetRequiredService<Func<SlackIncoming, CancellationToken, Task>>());
        }

        app.MapGet("/healthz", () => "ok");
        app.MapGet("/readyz", (Readiness readiness) => readiness.IsReady
            ? Results.Text("ready")
            : Results.Text("not ready: " + readiness.Problem, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    /// <summary>Runs Socket Mode for the life of the host.</summary>
    private sealed class SocketModeService(SocketModeClient client) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.RunAsync(stoppingToken);
    }
}
