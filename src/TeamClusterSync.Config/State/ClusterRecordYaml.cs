using System.Globalization;
using TeamClusterSync.Core.Lifecycle;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TeamClusterSync.Config.State;

/// <summary>
/// Reads and writes <c>state/clusters/&lt;cluster&gt;.yaml</c>: the cluster's generation, when it was provisioned, and
/// the last release check (<c>lastRelease: {outcome: clean|restored|dirty, problems, at, by}</c>).
/// </summary>
public static class ClusterRecordYaml
{
    public static string PathOf(string cluster) => $"state/clusters/{cluster}.yaml";

    public static string Write(ClusterRecord record) =>
        StateYaml.Serializer.Serialize(new Document
        {
            Cluster = record.Cluster,
            Generation = record.Generation,
            ProvisionedAt = LeaseStateYaml.Format(record.ProvisionedAt),
            LastRelease = record.LastRelease is { } check
                ? new ReleaseDocument { Outcome = check.Outcome.ToString().ToLowerInvariant(), Problems = check.Problems, At = LeaseStateYaml.Format(check.At), By = check.By }
                : null,
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

            return new ClusterRecord(cluster, document.Generation, Time(document.ProvisionedAt), Release(document.LastRelease));
        }
        catch (Exception e) when (e is YamlException or FormatException)
        {
            throw new FormatException($"{PathOf(cluster)}: {e.Message}", e);
        }
    }

    private static ReleaseCheck? Release(ReleaseDocument? document) =>
        document is null ? null
        : new ReleaseCheck(
            Enum.TryParse<ReleaseOutcome>(document.Outcome, ignoreCase: true, out var outcome) && document.Outcome.All(char.IsAsciiLetterLower)
                ? outcome
                : throw new FormatException($"'lastRelease.outcome' is '{document.Outcome}', expected clean, restored or dirty"),
            document.Problems,
            Time(document.At),
            document.By);

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private sealed class Document
    {
        public string Cluster { get; set; } = "";

        public int Generation { get; set; }

        public string ProvisionedAt { get; set; } = "";

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public ReleaseDocument? LastRelease { get; set; }
    }

    private sealed class ReleaseDocument
    {
        public string Outcome { get; set; } = "";

        public string Problems { get; set; } = "";

        public string At { get; set; } = "";

        public string By { get; set; } = "";
    }
}
