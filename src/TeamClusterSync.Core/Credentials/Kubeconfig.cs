using System.Text;

namespace TeamClusterSync.Core.Credentials;

/// <summary>What a token kubeconfig says: one cluster, one user, one context named after both.</summary>
/// <param name="Context">The context and user name, e.g. <c>team-rhcos-admin</c>.</param>
/// <param name="CertificateAuthorityData">The API server's CA, base64 as in a kubeconfig; null to trust the system's CAs.</param>
/// <param name="Comments">Lines written as <c># ...</c> comments: who it is for and until when, never a secret.</param>
public sealed record KubeconfigSpec(
    string Cluster,
    string Server,
    string Context,
    string Token,
    string? CertificateAuthorityData = null,
    IReadOnlyList<string>? Comments = null);

/// <summary>
/// The one kubeconfig renderer: every provider hands out token kubeconfigs of the same shape, so people and scripts
/// find the same context naming and comments whatever the provider.
/// </summary>
public static class Kubeconfig
{
    public static string Render(KubeconfigSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder();
        foreach (var comment in spec.Comments ?? [])
        {
            text.Append("# ").Append(comment.ReplaceLineEndings(" ")).Append('\n');
        }

        var ca = spec.CertificateAuthorityData is { Length: > 0 } data ? $"\n    certificate-authority-data: {data}" : "";
        text.Append($"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {spec.Cluster}
              cluster:
                server: {spec.Server}{ca}
            users:
            - name: {spec.Context}
              user:
                token: {spec.Token}
            contexts:
            - name: {spec.Context}
              context:
                cluster: {spec.Cluster}
                user: {spec.Context}
                namespace: default
            current-context: {spec.Context}
            preferences: {"{}"}

            """.ReplaceLineEndings("\n"));
        return text.ToString();
    }

    /// <summary><c>https://console.X/</c> or <c>https://console-openshift-console.apps.X/</c> → <c>https://api.X:6443</c>.</summary>
    public static string ApiServerOf(string consoleUrl)
    {
        var host = new Uri(consoleUrl).Host;
        foreach (var prefix in new[] { "console-openshift-console.apps.", "console." })
        {
            if (host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return $"https://api.{host[prefix.Length..]}:6443";
            }
        }

        return $"https://api.{host}:6443";
    }
}
