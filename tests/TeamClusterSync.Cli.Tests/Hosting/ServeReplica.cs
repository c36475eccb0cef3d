using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Git;
using TeamClusterSync.Kubernetes.LeaderElection;
using TeamClusterSync.Slack;
using TeamClusterSync.Slack.Incoming;
using TeamClusterSync.Slack.WebApi;
using TeamClusterSync.Testing.Kubernetes;
using TeamClusterSync.Testing.Slack;

namespace TeamClusterSync.Cli.Tests.Hosting;

/// <summary>One <c>serve</c> replica in process: its own cache clone of the shared origin, HTTP events, and (optionally) leader election on the Lease stand-in.</summary>
internal sealed class ServeReplica : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    /// <summary>Short enough for tests, in the same proportions as the defaults (renew deadline below the lease).</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    private readonly GitStateStore store;
    private bool stopped;

    private ServeReplica(string identity, GitStateStore store, WebApplication app)
    {
        Identity = identity;
        this.store = store;
        App = app;
    }

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
        TimeSpan? followPeriod = null)
    {
        var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, cache));
        var settings = new SlackSettings(slack.ApiBaseUrl, SlackStandIn.BotToken, AppToken: null, SigningSecret)
        {
            ClientOptions = new SlackClientOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
            StateDirectory = data,
            FollowPeriod = followPeriod,
        };
        var options = new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            Observe = observe is null ? null : item =>
            {
                observe(item);
                return Task.CompletedTask;
            },
            LeaderElection = leases is null ? null : new LeaderElectionSettings("teamclustersync", "tcs", identity)
            {
                LeaseDuration = LeaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(1),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            },
            KubernetesApi = leases is null ? null : new k8s.Kubernetes(new KubernetesClientConfiguration { Host = leases.Url }),
            Services = services,
        };
        var app = await ServeHost.BuildAsync(new HostSettings(), settings, store, options);
        var replica = new ServeReplica(identity, store, app);
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
