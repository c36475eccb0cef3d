using LibGit2Sharp;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// A remote as the store uses it. Local repos (a path or <c>file://</c>) are fetched with libgit2's local
/// transport but pushed through the real <c>git receive-pack</c> (see <see cref="LocalReceivePackTransport"/>),
/// because libgit2's local push overwrites the ref without checking its old value and runs no hooks.
/// </summary>
internal sealed record RemoteLocation(string FetchUrl, string PushUrl, string Display, string? LocalPath)
{
    /// <summary>
    /// A token that was written into the URL (<c>https://user:TOKEN@host/...</c>). It is taken out of the URL, so it is
    /// never written to the cache's git config, and offered only through the credentials callback.
    /// </summary>
    public string? UrlToken { get; private init; }

    /// <summary>Never prints <see cref="UrlToken"/>.</summary>
    public override string ToString() => Display;

    public static RemoteLocation Parse(string remote)
    {
        if (string.IsNullOrWhiteSpace(remote))
        {
            throw new ArgumentException("the remote is empty; pass a repo path or URL", nameof(remote));
        }

        if (remote.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Local(new Uri(remote).LocalPath, remote);
        }

        if (remote.Contains("://", StringComparison.Ordinal))
        {
            var clean = Redact(remote);
            var token = Uri.TryCreate(remote, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':', 2) is [_, { Length: > 0 } secret]
                ? Uri.UnescapeDataString(secret)
                : null;
            return new RemoteLocation(clean, clean, clean, null) { UrlToken = token };
        }

        return Local(remote, remote);
    }

    /// <summary>The branch checked out in a local non-bare remote (pushing to it would desync its files), else null.</summary>
    public string? CheckedOutBranch()
    {
        // A bare repo (the usual origin) has no work tree and never will: known once, not looked up before every push.
        if (LocalPath is null || bare)
        {
            return null;
        }

        using var repo = new Repository(LocalPath);
        bare = repo.Info.IsBare;
        return bare ? null : repo.Refs.Head?.TargetIdentifier;
    }

    private bool bare;

    /// <summary>The URL without user or password, for messages and logs.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;

    private static RemoteLocation Local(string path, string display)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full) || !Repository.IsValid(full))
        {
            throw new ArgumentException($"{display}: not a git repository (pass a repo directory, a bare repo, or a URL)");
        }

        return new RemoteLocation(full, LocalReceivePackTransport.UrlFor(full), full, full);
    }
}
