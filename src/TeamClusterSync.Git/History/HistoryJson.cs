using System.Text.Json.Serialization;

namespace TeamClusterSync.Git.History;

/// <summary>The index's header, its one JSON, read without reflection (generated at build time).</summary>
[JsonSerializable(typeof(HistoryIndex.Header))]
internal sealed partial class HistoryJson : JsonSerializerContext;
