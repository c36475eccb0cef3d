namespace TeamClusterSync.Config.State;

/// <summary>
/// The YAML shape of <c>state/leases/&lt;cluster&gt;.yaml</c>. Plain settable classes because YamlDotNet cannot
/// build positional records; property order is the key order written, so diffs stay minimal.
/// </summary>
internal sealed class LeaseStateDocument
{
    public string? Cluster { get; set; }

    public List<HolderDocument>? Holders { get; set; }

    public List<ReaderDocument>? Readers { get; set; }

    public List<PendingDocument>? Pending { get; set; }

    /// <summary>Written only when someone waits, so files of clusters nobody waits for read as before.</summary>
    public List<WaiterDocument>? Line { get; set; }

    /// <summary>Written only while a team admin has paused the cluster.</summary>
    public PauseDocument? Paused { get; set; }

    /// <summary>Written only while a team admin's reprovision waits for the lifecycle sweep (the same shape as a pause).</summary>
    public PauseDocument? Reprovision { get; set; }
}

internal sealed class PauseDocument
{
    public string? By { get; set; }

    public string? Reason { get; set; }

    public string? Since { get; set; }
}

internal sealed class HolderDocument
{
    public string? User { get; set; }

    public string? Mode { get; set; }

    public string? Since { get; set; }

    public string? Expires { get; set; }
}

internal sealed class ReaderDocument
{
    public string? User { get; set; }

    public string? Since { get; set; }

    public string? Expires { get; set; }
}

internal sealed class PendingDocument
{
    public string? User { get; set; }

    public string? Requested { get; set; }

    public string? TimedOut { get; set; }
}

internal sealed class WaiterDocument
{
    public string? User { get; set; }

    public string? Since { get; set; }

    public string? OfferedUntil { get; set; }

    /// <summary>Written (true) only for a place taken by a wait for the first free of several clusters.</summary>
    public bool? AnyOf { get; set; }
}
