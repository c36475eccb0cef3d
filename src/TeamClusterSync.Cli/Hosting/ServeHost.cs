using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Quartz;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Git;
using TeamClusterSync.Kubernetes.LeaderElection;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.Chat;
using TeamClusterSync.Slack.Incoming;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>
/// Wires the production host: the app over the git store, Slack (Socket Mode and/or HTTP events), the reconcilers on
/// Quartz schedules (here, or on the leader only), health endpoints and <c>/metrics</c>. Only wiring lives here.
/// </summary>
internal static class ServeHost
{
    /// <summary>How long shutdown may take: requests and jobs in flight finish, then the Lease is given up.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    /// <param name="observe">Called after each Slack item is handled (tests wait on it).</param>
    public static Task<WebApplication> BuildAsync(
        HostSettings settings, SlackSettings slack, GitStateStore store, string urls, Func<SlackIncoming, Task>? observe = null) =>
        BuildAsync(settings, slack, store, new ServeOptions { Urls = urls, Observe = observe });

    public static Task<WebApplication> BuildAsync(HostSettings settings, SlackSettings slack, GitStateStore store, ServeOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        Logging(builder.Logging, options.LogFormat);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        builder.Services.AddSingleton(http);
        builder.Services.AddTeamClusterSync(settings, store);
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService<ReadinessProbe>();
        builder.Services.AddHostedService<CachePreparation>();
        builder.Services.AddHostedService<SnapshotRefresh>();

        // Hosted services stop in reverse order, the HTTP server first: registered after the schedule, Socket Mode
        // stops taking events before the jobs in flight are awaited and the Lease is given up.
        AddSchedule(builder.Services, settings, options);
        // Who the bot is comes from auth.test, which the readiness probe asks (and retries) once the host runs: serve
        // starts while Slack is down: ready (it journals events), degraded until Slack answers.
        builder.Services.AddSlack(slack, new SlackBotIdentity(), http, options.Observe);
        var meterName = ServeMetrics.NewMeterName();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ServeMetrics>(sp, meterName));
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(TeamClusterSyncMetrics.MeterName, meterName)
            .AddPrometheusExporter(o =>
            {
                o.ScrapeResponseCacheDurationMilliseconds = (int)options.MetricsCache.TotalMilliseconds;
                o.TargetInfoEnabled = false;
                o.ScopeInfoEnabled = false;
            }));
        options.Services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.GetRequiredService<ServeMetrics>();
        MapEndpoints(app);
        AnnounceStart(app);
        return Task.FromResult(app);
    }

    /// <summary>One line once the web server listens (at once: nothing outside is waited for), so a silent start never leaves an operator guessing.</summary>
    private static void AnnounceStart(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServeHost).FullName!);
        var readiness = app.Services.GetRequiredService<Readiness>();
        app.Lifetime.ApplicationStarted.Register(() =>
            logger.LogInformation("serve: listening on {Urls}; /readyz: {Readiness}", string.Join(", ", app.Urls), readiness.Text));
    }

    private static void Logging(ILoggingBuilder logging, string? format)
    {
        if (format is null)
        {
            logging.ClearProviders();
            return;
        }

        ServeLogging.Configure(logging, format);
    }

    /// <summary>The reconcilers as durable Quartz jobs, and the <see cref="ScheduleHost"/> that decides when their triggers run.</summary>
    private static void AddSchedule(IServiceCollection services, HostSettings settings, ServeOptions options)
    {
        List<JobSchedule> schedules = [];
        services.AddQuartz(q =>
        {
            schedules.Add(Job<LeaseExpiryReconciler>(q, "lease-expiry", LeaseExpiryReconciler.Period));
            schedules.Add(Job<LeaseRepairReconciler>(q, "lease-repair", LeaseExpiryReconciler.Period));
            schedules.Add(Job<HistoryRewriteReconciler>(q, "history-rewrite", LeaseExpiryReconciler.Period));
            schedules.Add(Job<ClusterLifecycleReconciler>(q, "cluster-lifecycle", LeaseExpiryReconciler.Period));
            schedules.Add(Job<ClusterReadinessReconciler>(q, "cluster-readiness", LeaseExpiryReconciler.Period));
            schedules.Add(Job<UsageReconciler>(q, "usage", LeaseExpiryReconciler.Period));
            if (settings.GitHubToken is not null)
            {
                schedules.Add(Job<TeamSyncReconciler>(q, "team-sync", TeamSyncReconciler.Period));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton<JobRuns>();
        services.AddSingleton(sp => new ScheduledJobs(sp.GetRequiredService<ISchedulerFactory>(), schedules, sp.GetRequiredService<JobRuns>(), sp.GetRequiredService<ILogger<ScheduledJobs>>()));
        if (options.LeaderElection is { } election)
        {
            services.AddSingleton(sp => new LeaseElection(
                options.KubernetesApi ?? LeaderElectionConnection.Client(settings.Kubeconfig), election, sp.GetRequiredService<ILogger<LeaseElection>>()));
        }

        services.AddHostedService(sp => new ScheduleHost(sp.GetRequiredService<ScheduledJobs>(), sp.GetService<LeaseElection>()));
    }

    private static JobSchedule Job<TReconciler>(IQuartzBuilder q, string name, TimeSpan period)
        where TReconciler : IReconciler
    {
        var job = new JobKey(name);
        q.AddJob<ReconcileJob<TReconciler>>(j => j.WithIdentity(job).StoreDurably());
        return new JobSchedule(job, period);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapSlack();
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/readyz", (Readiness readiness) =>
            Results.Text(readiness.Text, statusCode: readiness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable));

        // The lease gauges describe origin as of the shared snapshot: a scrape never waits for git.
        app.UseWhen(c => c.Request.Path == "/metrics", branch => branch.Use(async (context, next) =>
        {
            await context.RequestServices.GetRequiredService<ServeMetrics>().RefreshAsync(context.RequestAborted);
            await next(context);
        }));
        app.MapPrometheusScrapingEndpoint();
    }
}
