namespace TeamClusterSync.Cli.Hosting;

/// <summary>What <c>/readyz</c> reports: whether the last scheduled read of the config repo worked.</summary>
internal sealed class Readiness
{
    private volatile string? problem;

    public bool IsReady => problem is null;

    public string? Problem => problem;

    public void Succeeded() => problem = null;

    public void Failed(string why) => problem = why;
}
