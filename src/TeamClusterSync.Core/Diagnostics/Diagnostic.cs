namespace TeamClusterSync.Core.Diagnostics;

/// <summary>
/// One problem in a config repo, at a 1-based position in a file whose path is relative to the repo root
/// (always with '/' separators). Rendered as <c>path:line:col: error: message</c>, the format editors and CI parse.
/// </summary>
public sealed record Diagnostic(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: error: {Message}";
}
