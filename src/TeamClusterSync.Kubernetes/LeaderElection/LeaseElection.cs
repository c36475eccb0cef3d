using System.Net;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using TeamClusterSync.Core.Credentials;

namespace TeamClusterSync.Kubernetes.LeaderElection;

/// <summary>
/// Competes for a Lease with KubernetesClient's <see cref="LeaderElector"/> until cancelled, and reports every change
/// of leadership. Two gaps of the library are closed here: an error reaching the API server while acquiring escapes
/// its loop (we retry with backoff), and it never gives the Lease up (<see cref="ReleaseAsync"/> does, as client-go's
/// ReleaseOnCancel, so the next leader starts at once instead of after the lease duration).
/// </summary>
public sealed class LeaseElection(IKubernetes client, LeaderElectionSettings settings, ILogger<LeaseElection> logger)
{
    private volatile bool leading;

    /// <summary>Raised (on the elector's thread) when this replica gains or loses leadership; read <see cref="IsLeader"/>.</summary>
    public event Action? Changed;

    public bool IsLeader => leading;

    public string Identity => settings.Identity;

    /// <summary>Runs the election until <paramref name="ct"/> is cancelled; leadership ends with it.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = settings.RetryPeriod;
        while (!ct.IsCancellationRequested)
        {
            var elector = NewElector();
            try
            {
                await elector.RunAndTryToHoldLeadershipForeverAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or IOException or OperationCanceledException or TimeoutException)
            {
                logger.LogWarning("leader election: cannot reach the Kubernetes API ({Error}); retrying in {Delay}", Secrets.Summary(e.Message, 1), backoff);
                await DelayAsync(backoff, ct);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.LeaseDuration.Ticks));
            }
            finally
            {
                elector.Dispose();
            }
        }
    }

    /// <summary>
    /// Gives the Lease up if this replica still holds it: clears the holder and shortens the duration, so another
    /// replica takes it on its next try. Call after the work stopped; bounded by <paramref name="ct"/>.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(settings.Name, settings.Namespace, cancellationToken: ct);
            if (lease.Spec?.HolderIdentity != settings.Identity)
            {
                return;
            }

            var now = DateTime.UtcNow;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, settings.Name, settings.Namespace, cancellationToken: ct);
            logger.LogInformation("leader election: gave up lease {Namespace}/{Name}", settings.Namespace, settings.Name);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException
            || (e is HttpOperationException http && http.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound))
        {
            // Another replica took it meanwhile, or the API is gone: the lease then simply expires.
            logger.LogWarning("leader election: could not give up lease {Namespace}/{Name} ({Error}); it expires on its own", settings.Namespace, settings.Name, Secrets.Summary(e.Message, 1));
        }
    }

    private LeaderElector NewElector()
    {
        var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, settings.Namespace, settings.Name, settings.Identity))
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        });
        elector.OnStartedLeading += () => Set(true);
        elector.OnStoppedLeading += () => Set(false);
        elector.OnNewLeader += leader => logger.LogInformation("leader election: {Leader} leads", leader);
        elector.OnError += e => logger.LogWarning("leader election: {Error}", Secrets.Summary(e.Message, 1));
        return elector;
    }

    private void Set(bool value)
    {
        if (leading == value)
        {
            return;
        }

        leading = value;
        logger.LogInformation("leader election: this replica ({Identity}) leading: {Leading}", settings.Identity, value);
        Changed?.Invoke();
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
