using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace TeamClusterSync.Kubernetes;

/// <summary>
/// One ServiceAccount per person and access mode on a claimed cluster (<c>admin-&lt;login&gt;</c> bound to
/// <c>cluster-admin</c>, <c>reader-&lt;login&gt;</c> bound to <c>cluster-reader</c>), each with a TokenRequest token that
/// expires with the lease. Deleting the account ends its tokens, so access really ends on done, handover or expiry.
/// </summary>
internal static class HolderAccounts
{
    public const string Namespace = "teamclustersync";

    public static string Name(string user, bool admin) => (admin ? "admin-" : "reader-") + user.ToLowerInvariant();

    /// <summary>Creates the account and its binding if missing, then mints a token valid until <paramref name="expires"/> (at least ten minutes).</summary>
    public static async Task<string> TokenAsync(IKubernetes client, string account, string clusterRole, DateTimeOffset expires, CancellationToken ct)
    {
        await IgnoringAsync(HttpStatusCode.Conflict, () => client.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: ct));
        await IgnoringAsync(HttpStatusCode.Conflict, () => client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, Namespace, cancellationToken: ct));
        await IgnoringAsync(HttpStatusCode.Conflict, () => client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(
            new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = $"{Namespace}-{account}" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterRole },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = Namespace }],
            },
            cancellationToken: ct));
        var seconds = (long)Math.Max(600, (expires - DateTimeOffset.UtcNow).TotalSeconds);
        var token = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = seconds } }, account, Namespace, cancellationToken: ct);
        return token.Status.Token;
    }

    /// <summary>Deletes the account (its tokens stop working) and its binding; already gone is fine.</summary>
    public static async Task DeleteAsync(IKubernetes client, string account, CancellationToken ct)
    {
        await IgnoringAsync(HttpStatusCode.NotFound, () => client.CoreV1.DeleteNamespacedServiceAccountAsync(account, Namespace, cancellationToken: ct));
        await IgnoringAsync(HttpStatusCode.NotFound, () => client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync($"{Namespace}-{account}", cancellationToken: ct));
    }

    public static async Task IgnoringAsync(HttpStatusCode status, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == status)
        {
        }
    }
}
