using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// A remote as the store uses it. Local repos (a path or <c>file://</c>) are fetched with libgit2's local
/// transport but pushed through the real <c>git receive-pack</c> (see <see cref="LocalReceivePackTransport"/>),
/// because libgit2's local push overwrites the ref without checking its old value and runs no hooks.
/// </summary>
internal sealed partial record RemoteLocation(string FetchUrl, string PushUrl, string Display, string? LocalPath)
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
            // Read as text, not through Uri: a URL .NET cannot parse must lose its token all the same.
            var clean = Redact(remote);
            var token = UserInfo().Match(remote) is { Success: true } match && match.Groups["info"].Value.Split(':', 2) is [_, { Length: > 0 } secret]
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

    /// <summary>The URL without user or password, for messages and logs, whether or not .NET can parse it.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : UserInfo().Replace(url, "${scheme}", 1);

    /// <summary>
    /// Whether a server that asks for credentials at <paramref name="url"/> is the remote's own host (scheme, host and
    /// port): a redirect elsewhere must not take the token with it.
    /// </summary>
    public bool SameHost(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var asking) && Uri.TryCreate(FetchUrl, UriKind.Absolute, out var own)
        && Uri.Compare(asking, own, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The host (and port, when not the scheme's default) as git's credential helpers are told it.</summary>
    public string? Host => Uri.TryCreate(FetchUrl, UriKind.Absolute, out var uri) ? uri.Authority : null;

    /// <summary>The user information of a URL (<c>user:password@</c>), up to the last '@' before the path.</summary>
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?<info>[^/?#]*)@")]
    private static partial Regex UserInfo();

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
