namespace TeamClusterSync.Bench;

/// <summary>A named measurement that prints its own report.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(string[] args);
}
