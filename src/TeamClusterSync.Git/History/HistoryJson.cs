using System.Text.Json.Serialization;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.Git.History;

/// <summary>The index's JSON, generated at build time: no reflection on the first <c>history</c> of a process.</summary>
[JsonSerializable(typeof(LeaseState))]
[JsonSerializable(typeof(HistoryIndex.Header))]
internal sealed partial class HistoryJson : JsonSerializerContext;
