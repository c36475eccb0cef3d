namespace TeamClusterSync.Git.Remotes;

/// <summary>How much history a fetch of the git command line brings (see <see cref="GitCliFetch"/>).</summary>
internal enum FetchDepth
{
    /// <summary>Only the tips (a new cache's first read).</summary>
    Tips,

    /// <summary>What is new; in a shallow cache, down to the commits it has.</summary>
    New,

    /// <summary>Everything still missing: a shallow cache becomes complete.</summary>
    Whole,
}
