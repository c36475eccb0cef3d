using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git;
using TeamClusterSync.Kubernetes.LeaderElection;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing;
using TeamClusterSync.Testing.Kubernetes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>One <c>serve</c> replica in process: its own cache clone of the shared origin, HTTP events, and (optionally) leader election on the Lease stand-in.</summary>
internal sealed class ServeReplica : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    /// <summary>
    /// Short enough for tests, in the same proportions as the defaults (renew deadline below the lease), and long enough
    /// that a busy machine's slow renewal (the elector runs on the real clock) does not hand leadership over by itself.
    /// </summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);

    private readonly GitStateStore store;
    private bool stopped;

    private ServeReplica(string identity, GitStateStore store, WebApplication app, ManualClock snapshotClock)
    {
        Identity = identity;
        this.store = store;
        App = app;
        SnapshotClock = snapshotClock;
    }

    /// <summary>The store's clock, stopped at the replica's start: what ages its shared snapshot (its background fetch still runs on real time) and the time its commits carry.</summary>
    public ManualClock SnapshotClock { get; }

    /// <summary>Moves <see cref="SnapshotClock"/> past the store's bound: the next read fetches, as it would after that long.</summary>
    public void Later() => SnapshotClock.Advance(GitStateStoreOptions.DefaultSnapshotMaxAge + TimeSpan.FromSeconds(1));

    public string Identity { get; }

    public WebApplication App { get; }

    public Uri BaseUrl => new(App.Urls.First());

    public JobRuns Runs => App.Services.GetRequiredService<JobRuns>();

    public bool RunsJobs => App.Services.GetRequiredService<ScheduledJobs>().Running;

    public LeaseElection? Election => App.Services.GetService<LeaseElection>();

    public static async Task<ServeReplica> StartAsync(
        string identity,
        string origin,
        string cache,
        SlackStandIn slack,
        LeaseStandIn? leases,
        Action<ServeReplica>? beforeStart = null,
        Action<SlackIncoming>? observe = null,
        Action<IServiceCollection>? services = null,
        string? data = null,
        TimeSpan? followPeriod = null,
        TimeSpan? metricsCache = null)
    {
        var snapshotClock = new ManualClock(DateTimeOffset.UtcNow);
        var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, cache) { Clock = snapshotClock });
        var settings = new SlackSettings(slack.ApiBaseUrl, SlackStandIn.BotToken, AppToken: null, SigningSecret)
        {
            ClientOptions = new SlackClientOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
            StateDirectory = data,
            FollowPeriod = followPeriod,
        };
        var options = new ServeOptions
        {
            Urls = "http://127.0.0.1:0",

            // Tests scrape right after a change: each scrape renders, unless a test asks for the production cache.
            MetricsCache = metricsCache ?? TimeSpan.Zero,
            Observe = observe is null ? null : item =>
            {
                observe(item);
                return Task.CompletedTask;
            },
            LeaderElection = leases is null ? null : new LeaderElectionSettings("teamclustersync", "tcs", identity)
            {
                LeaseDuration = LeaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(4),
                RetryPeriod = TimeSpan.FromMilliseconds(300),
            },
            KubernetesApi = leases is null ? null : new k8s.Kubernetes(new KubernetesClientConfiguration { Host = leases.Url }),
            Services = services,
        };
        var app = await ServeHost.BuildAsync(new HostSettings(), settings, store, options);
        var replica = new ServeReplica(identity, store, app, snapshotClock);
        beforeStart?.Invoke(replica);
        await app.StartAsync();
        return replica;
    }

    /// <summary>A graceful stop, as on SIGTERM.</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
        store.Dispose();
    }
}
