using TeamClusterSync.Core.Diagnostics;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config;

/// <summary>
/// The outcome of loading a config repo: the model when the repo is valid, and every error found (ordered by
/// path, then position). A repo with any error yields no model, so a bad revision never replaces a good one.
/// </summary>
public sealed record ConfigLoadResult(ConfigRepository? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Config is not null;
}
