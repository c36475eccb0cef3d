using System.Globalization;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TeamClusterSync.Config.State;

/// <summary>
/// Reads and writes <c>state/clusters/&lt;cluster&gt;.yaml</c>: the cluster's generation, when it was provisioned, and
/// the last release check (<c>lastRelease: {outcome: clean|restored|dirty, problems, at, by}</c>); for Hive, the phase
/// last seen (<c>phase: {name: pending|resuming|running|hibernating|failed, since, reason, message}</c>), the running
/// cluster's <c>consoleUrl</c> and <c>apiUrl</c>, who waits for credentials (<c>awaitingCredentials</c>), and the time of
/// the admin's request a rebuild settled (<c>rebuiltAsAskedAt</c>).
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
            Phase = record.Phase is { } phase
                ? new PhaseDocument { Name = phase.Kind.ToString().ToLowerInvariant(), Since = LeaseStateYaml.Format(phase.Since), Reason = phase.Reason, Message = phase.Message }
                : null,
            ConsoleUrl = record.ConsoleUrl,
            ApiUrl = record.ApiUrl,
            AwaitingCredentials = record.Awaiting.Count > 0 ? [.. record.Awaiting] : null,
            RebuiltAsAskedAt = record.RebuiltAsAskedAt is { } asked ? LeaseStateYaml.Format(asked) : null,
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

            return new ClusterRecord(
                cluster, document.Generation, Time(document.ProvisionedAt), Release(document.LastRelease), Phase(document.Phase),
                document.ConsoleUrl, document.ApiUrl, string.Join(' ', (document.AwaitingCredentials ?? []).Select(u => Login(u, "awaitingCredentials"))),
                document.RebuiltAsAskedAt is { } asked ? Time(asked) : null);
        }
        catch (Exception e) when (e is YamlException or FormatException)
        {
            throw new FormatException($"{PathOf(cluster)}: {e.Message}", e);
        }
    }

    private static ReleaseCheck? Release(ReleaseDocument? document) =>
        document is null ? null
        : new ReleaseCheck(
            Word<ReleaseOutcome>(document.Outcome, "lastRelease.outcome", "clean, restored or dirty"),
            document.Problems,
            Time(document.At),
            document.By.Length == 0 ? "" : Login(document.By, "lastRelease.by"));

    /// <summary>A login, checked like every login the bot reads: it ends up in messages and mentions.</summary>
    private static string Login(string value, string key) =>
        Person.IsLogin(value) ? value : throw new FormatException($"'{key}' is '{value}', which is not a GitHub login");

    private static ClusterPhase? Phase(PhaseDocument? document) =>
        document is null ? null
        : new ClusterPhase(
            Word<PhaseKind>(document.Name, "phase.name", "pending, resuming, running, hibernating or failed"),
            Time(document.Since),
            document.Reason,
            document.Message);

    /// <summary>An enum value as the file spells it: one lower-case word.</summary>
    private static T Word<T>(string text, string key, string expected)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && text.All(char.IsAsciiLetterLower)
            ? value
            : throw new FormatException($"'{key}' is '{text}', expected {expected}");

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private sealed class Document
    {
        public string Cluster { get; set; } = "";

        public int Generation { get; set; }

        public string ProvisionedAt { get; set; } = "";

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public ReleaseDocument? LastRelease { get; set; }

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public PhaseDocument? Phase { get; set; }

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public string? ConsoleUrl { get; set; }

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public string? ApiUrl { get; set; }

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public List<string>? AwaitingCredentials { get; set; }

        /// <summary>When the admin's request that this rebuild settled was made (the lease file's <c>reprovision.since</c>).</summary>
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
        public string? RebuiltAsAskedAt { get; set; }
    }

    private sealed class PhaseDocument
    {
        public string Name { get; set; } = "";

        public string Since { get; set; } = "";

        public string Reason { get; set; } = "";

        public string Message { get; set; } = "";
    }

    private sealed class ReleaseDocument
    {
        public string Outcome { get; set; } = "";

        public string Problems { get; set; } = "";

        public string At { get; set; } = "";

        public string By { get; set; } = "";
    }
}
