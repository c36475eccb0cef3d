using TeamClusterSync.Core.Diagnostics;

namespace TeamClusterSync.Config.Yaml;

/// <summary>One file being read: its repo-relative path and the shared list its errors go to.</summary>
internal sealed class FileContext(string path, List<Diagnostic> diagnostics)
{
    public string Path { get; } = path;

    public void Error(int line, int column, string message) => diagnostics.Add(new Diagnostic(Path, line, column, message));

    public void Error(YamlNode node, string message) => Error(node.Line, node.Column, message);
}
