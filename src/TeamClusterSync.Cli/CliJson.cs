using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamClusterSync.Cli;

/// <summary>The two JSON shapes of <c>--output json</c>: one indented document, or JSON Lines for a conversation.</summary>
internal static class CliJson
{
    /// <summary>camelCase, indented. Read by scripts and people in a terminal, never embedded in HTML: quotes and &lt;reason&gt; stay legible.</summary>
    public static JsonSerializerOptions Document { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One object per line, nulls left out, so a REPL session stays parseable line by line.</summary>
    public static JsonSerializerOptions Lines { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
