using System.Globalization;
using TeamClusterSync.Core.Lifecycle;
using YamlDotNet.Core;

namespace TeamClusterSync.Config.State;

/// <summary>Reads and writes <c>state/clusters/&lt;cluster&gt;.yaml</c>: the cluster's generation and when it was provisioned.</summary>
public static class ClusterRecordYaml
{
    public static string PathOf(string cluster) => $"state/clusters/{cluster}.yaml";

    public static string Write(ClusterRecord record) =>
        StateYaml.Serializer.Serialize(new Document
        {
            Cluster = record.Cluster,
            Generation = record.Generation,
            ProvisionedAt = LeaseStateYaml.Format(record.ProvisionedAt),
        }).ReplaceLineEndings("\n");

    /// <summary>A malformed file throws <see cref="FormatException"/> naming it.</summary>
    public static ClusterRecord Read(string cluster, string yaml)
    {
        try
        {
            var document = StateYaml.Deserializer.Deserialize<Document?>(yaml) ?? throw new FormatException("the file is empty");
            if (document.Cluster != cluster)
            {
                throw new FormatException($"it is about cluster '{document.Cluster}'");
            }

            var at = DateTimeOffset.Parse(document.ProvisionedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            return new ClusterRecord(cluster, document.Generation, at);
        }
        catch (Exception e) when (e is YamlException or FormatException)
        {
            throw new FormatException($"{PathOf(cluster)}: {e.Message}", e);
        }
    }

    private sealed class Document
    {
        public string Cluster { get; set; } = "";

        public int Generation { get; set; }

        public string ProvisionedAt { get; set; } = "";
    }
}
