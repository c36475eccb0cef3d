using TeamClusterSync.App.Messages;

namespace TeamClusterSync.App.Reconcilers;

/// <summary>
/// One scheduled control loop, shaped as Flux's controllers are: read the desired state (config), read the actual
/// state (git, the provider, the chat workspace), plan (pure, in Core), apply, and record what was done in git.
/// </summary>
public interface IReconciler
{
    /// <summary>One pass; returns what people must be told. A pass that fails changes nothing the next pass cannot redo.</summary>
    Task<IReadOnlyList<OutgoingMessage>> ReconcileAsync(CancellationToken ct);
}
