using k8s;
using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.Kubernetes.LeaderElection;
using TeamClusterSync.Slack.Incoming;

namespace TeamClusterSync.Cli.Hosting;

/// <summary>How <c>serve</c> runs: where it listens, its logs, and whether it competes for leadership of the scheduled jobs.</summary>
internal sealed record ServeOptions
{
    public string Urls { get; init; } = "http://0.0.0.0:8080";

    /// <summary><see cref="ServeLogging.Text"/> or <see cref="ServeLogging.Json"/>; null: no log output (tests).</summary>
    public string? LogFormat { get; init; }

    /// <summary>Run the scheduled jobs only while holding this Lease; null: always run them.</summary>
    public LeaderElectionSettings? LeaderElection { get; init; }

    /// <summary>The API server holding the Lease; null: from KUBECONFIG or the in-cluster config.</summary>
    public IKubernetes? KubernetesApi { get; init; }

    /// <summary>
    /// How long one rendering of <c>/metrics</c> answers every scrape: Prometheus scrapes every 15-60 s, so a second is
    /// never seen, while any number of scrapers in a loop cost one rendering a second and cannot starve commands of
    /// CPU. Zero: each scrape renders (tests that scrape right after a change).
    /// </summary>
    public TimeSpan MetricsCache { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Called after each Slack item is handled (tests wait on it).</summary>
    public Func<SlackIncoming, Task>? Observe { get; init; }

    /// <summary>Last word on the services (tests: a manual clock).</summary>
    public Action<IServiceCollection>? Services { get; init; }
}
