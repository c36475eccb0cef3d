using System.Globalization;
using TeamClusterSync.Core.Leases;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Bot.Providers;

/// <summary>Renders a token kubeconfig for an OpenShift cluster, whose API lives beside its console.</summary>
internal static class Kubeconfig
{
    public static string Render(Cluster cluster, string identity, string token, AccessMode mode, string user, DateTimeOffset expires)
    {
        var context = mode == AccessMode.ReadWrite ? "admin" : "read-only";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            # {{cluster.Name}} ({{context}}) for @{{user}}, valid until {{expires.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{cluster.Name}}
              cluster:
                server: {{ApiServer(cluster)}}
            users:
            - name: {{cluster.Name}}-{{context}}
              user:
                token: {{token}}
            contexts:
            - name: {{cluster.Name}}-{{context}}
              context:
                cluster: {{cluster.Name}}
                user: {{cluster.Name}}-{{context}}
                namespace: default
            current-context: {{cluster.Name}}-{{context}}
            preferences: {}
            # identity: {{identity}}

            """);
    }

    /// <summary><c>https://console.X/</c> or <c>https://console-openshift-console.apps.X/</c> → <c>https://api.X:6443</c>.</summary>
    public static string ApiServer(Cluster cluster)
    {
        var host = new Uri(cluster.ConsoleUrl).Host;
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
