using System.Text.Json.Serialization;

namespace TeamClusterSync.Git.History;

/// <summary>
/// One commit's change to one cluster's lease file: what the history index keeps (one JSON line each, short names since
/// a long history has many). <see cref="Blob"/> is the file after the commit, null when the commit removed it; the state
/// is read from it only when asked, so a file that cannot be read spoils nothing else.
/// </summary>
internal sealed record LeaseChange(
    [property: JsonPropertyName("c")] string Cluster,
    [property: JsonPropertyName("h")] string Commit,
    [property: JsonPropertyName("t")] DateTimeOffset When,
    [property: JsonPropertyName("b")] string? Blob,
    [property: JsonPropertyName("s")] string Subject,
    [property: JsonPropertyName("a")] string? Actor,
    [property: JsonPropertyName("x")] string? Action,
    [property: JsonPropertyName("o")] string? Source);
