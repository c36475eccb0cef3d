using System.Net;
using System.Net.Sockets;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using TeamClusterSync.Kubernetes.LeaderElection;
using TeamClusterSync.Testing.Kubernetes;

namespace TeamClusterSync.Kubernetes.Tests.LeaderElection;

/// <summary>The election over the real KubernetesClient leader elector, against a loopback API with resourceVersion compare-and-swap.</summary>
public sealed class LeaseElectionTests
{
    [Fact]
    public async Task Of_two_candidates_one_leads_and_after_it_gives_the_lease_up_the_other_does()
    {
        await using var api = await LeaseStandIn.StartAsync();
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        // A lease far longer than the test may wait: only giving it up lets the other candidate in.
        var a = Election(api.Url, "candidate-a", TimeSpan.FromMinutes(5));
        var b = Election(api.Url, "candidate-b", TimeSpan.FromMinutes(5));
        var runA = a.RunAsync(stopA.Token);
        await WaitAsync(() => a.IsLeader);
        var runB = b.RunAsync(stopB.Token);
        await WaitAsync(() => api.Writes >= 3);

        await stopA.CancelAsync();
        await runA;
        await a.ReleaseAsync(CancellationToken.None);
        await WaitAsync(() => b.IsLeader);
        await stopB.CancelAsync();
        await runB;

        Assert.Equal(["candidate-a", "", "candidate-b"], api.HolderHistory);
        Assert.False(a.IsLeader);
    }

    [Fact]
    public async Task An_api_server_that_is_not_up_yet_is_retried_until_it_answers()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var election = Election($"http://127.0.0.1:{port}", "early", TimeSpan.FromSeconds(2));
        var run = election.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(run.IsCompleted, "a refused connection must not end the election");

        await using var api = await LeaseStandIn.StartAsync(port);
        await WaitAsync(() => election.IsLeader);
        await stop.CancelAsync();
        await run;

        Assert.Equal("early", api.Holder("tcs", "teamclustersync"));
    }

    [Fact]
    public async Task Giving_up_a_lease_someone_else_holds_changes_nothing()
    {
        await using var api = await LeaseStandIn.StartAsync();
        using var stop = new CancellationTokenSource();
        var holder = Election(api.Url, "holder", TimeSpan.FromMinutes(5));
        var run = holder.RunAsync(stop.Token);
        await WaitAsync(() => holder.IsLeader);

        await Election(api.Url, "bystander", TimeSpan.FromMinutes(5)).ReleaseAsync(CancellationToken.None);
        await stop.CancelAsync();
        await run;

        Assert.Equal(["holder"], api.HolderHistory);
    }

    private static LeaseElection Election(string url, string identity, TimeSpan lease) =>
        new(
            new k8s.Kubernetes(new KubernetesClientConfiguration { Host = url }),
            new LeaderElectionSettings("teamclustersync", "tcs", identity)
            {
                LeaseDuration = lease,
                RenewDeadline = TimeSpan.FromSeconds(1),
                RetryPeriod = TimeSpan.FromMilliseconds(100),
            },
            NullLogger<LeaseElection>.Instance);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
