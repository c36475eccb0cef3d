using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TeamClusterSync.Config.State;

/// <summary>
/// The one YAML dialect of the files the bot writes under <c>state/</c>: camelCase keys in declaration order,
/// indented lists, YAML 1.1 words like <c>yes</c> quoted, no aliases; duplicate keys refused when reading.
/// </summary>
internal static class StateYaml
{
    public static ISerializer Serializer { get; } = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithIndentedSequences()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .DisableAliases()
        .Build();

    /// <summary>Lease files: as <see cref="Serializer"/>, with keys that only matter sometimes (the line, an offer, a ping's timeout) left out when unset.</summary>
    public static ISerializer LeaseSerializer { get; } = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithIndentedSequences()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .DisableAliases()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();
}
