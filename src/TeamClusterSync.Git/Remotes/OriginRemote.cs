using System.Diagnostics;
using LibGit2Sharp;
using TeamClusterSync.App.Metrics;
using TeamClusterSync.App.Ports;

namespace TeamClusterSync.Git.Remotes;

/// <summary>
/// The cache clone's one remote, <c>origin</c>: fetching every branch into tracking refs, pushing one commit to one
/// branch (never forced), and the credentials for both. Only tracking refs are ever built on; the cache's local
/// branches are never read, so a commit that was never pushed is never reported.
/// </summary>
internal sealed class OriginRemote(Repository repo, RemoteLocation location, GitStateStoreOptions options)
{
    /// <summary>How often libgit2 asked for credentials in the current operation (see <see cref="Credentials"/>).</summary>
    private int credentialAsks;

    private const string Name = "origin";
    private const string TrackingPrefix = "refs/remotes/origin/";

    /// <summary>The git config key under which the remote's HEAD branch is remembered between processes.</summary>
    private const string HeadKey = "teamclustersync.remotehead";

    /// <summary>Where each fetch puts the commit the remote's HEAD points at (outside the tracking refs, so pruning leaves it).</summary>
    private const string HeadRef = "refs/teamclustersync/remote-head";

    /// <summary>
    /// Every branch, and the commit HEAD names (which says which branch is the config branch). Forced (<c>+</c>): the
    /// cache mirrors the remote, and a branch someone force-pushed is for the store to notice (a rewrite), not for the
    /// fetch to refuse (the git CLI does; libgit2 does not).
    /// </summary>
    private static readonly string[] Refspecs = [$"+refs/heads/*:{TrackingPrefix}*", $"+HEAD:{HeadRef}"];

    /// <summary>
    /// Every branch only: once the remote's HEAD branch is known, fetching HEAD again is not only useless but costly, as
    /// libgit2 then negotiates as if the whole history were new (seconds on a long one).
    /// </summary>
    private static readonly string[] BranchRefspecs = [$"+refs/heads/*:{TrackingPrefix}*"];

    private readonly GitCliFetch cli = new(repo.Info.Path, location, options);

    public RemoteLocation Location => location;

    /// <summary>Points <c>origin</c> at the location (a local remote pushes through <c>git receive-pack</c>).</summary>
    public static void Configure(Repository repo, RemoteLocation location)
    {
        if (repo.Network.Remotes[Name] is null)
        {
            repo.Network.Remotes.Add(Name, location.FetchUrl, $"refs/heads/*:{TrackingPrefix}*");
        }

        repo.Network.Remotes.Update(Name, r =>
        {
            r.Url = location.FetchUrl;
            r.PushUrl = location.PushUrl;
        });
    }

    /// <summary>
    /// Fetches every branch (pruning deleted ones) and returns the remote's tips by branch name. A new cache's first
    /// fetch, and every fetch while it is shallow, is the git CLI's (see <see cref="GitCliFetch"/>); later fetches are
    /// libgit2's. Unless <paramref name="wholeHistory"/> is asked for, a new cache takes only the tips, which is all a
    /// read or a write needs; walking the history needs it whole.
    /// </summary>
    public Dictionary<string, ObjectId> Fetch(bool wholeHistory = false)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (IsNew())
            {
                cli.Fetch(Refspecs, wholeHistory ? FetchDepth.New : FetchDepth.Tips);
            }
            else if (IsShallow())
            {
                cli.Fetch(HeadKnown() ? BranchRefspecs : Refspecs, wholeHistory ? FetchDepth.Whole : FetchDepth.New);
            }
            else
            {
                FetchWithLibgit2();
            }
        }
        finally
        {
            TeamClusterSyncMetrics.GitFetchDuration.Record(TeamClusterSyncMetrics.SecondsSince(started));
        }

        return Tips();
    }

    /// <summary>The remote's branch tips as the last fetch left them in the cache, by branch name.</summary>
    public Dictionary<string, ObjectId> Tips()
    {
        var tips = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var reference in repo.Refs.FromGlob(TrackingPrefix + "*"))
        {
            if (reference is DirectReference { Target: Commit commit })
            {
                tips["refs/heads/" + reference.CanonicalName[TrackingPrefix.Length..]] = commit.Id;
            }
        }

        return tips;
    }

    /// <summary>The message when a fetch got no answer in time.</summary>
    public static string NoAnswer(string remote, TimeSpan timeout) =>
        $"{remote} did not answer within {timeout.TotalSeconds:0} s; nothing changed. Try again when it is reachable";

    /// <summary>The message when the remote asks for credentials and the token variable is not set.</summary>
    public static string CredentialsMissing(string remote, string tokenVariable) =>
        $"{remote} asks for credentials; set {tokenVariable} to a token that may push";

    /// <summary>
    /// The branch the remote's HEAD names. A local remote is read directly; for a server the answer of one
    /// ls-remote is remembered in the cache, so later processes need no extra round trip, and asked again only when
    /// that branch is gone.
    /// </summary>
    public string HeadBranch(IReadOnlyDictionary<string, ObjectId> tips)
    {
        if (location.LocalPath is { } path)
        {
            // A local repo's HEAD is a file: read it, rather than open the whole repository on every fetch.
            if (LocalHead(path) is { } head)
            {
                return head;
            }
        }
        else if (repo.Config.Get<string>(HeadKey)?.Value is { } remembered && tips.ContainsKey(remembered))
        {
            return remembered;
        }
        else if (FetchedHead(tips) is { } fetched)
        {
            repo.Config.Set(HeadKey, fetched);
            return fetched;
        }
        else if (AdvertisedHead(tips) is { } advertised)
        {
            repo.Config.Set(HeadKey, advertised);
            return advertised;
        }

        return tips.ContainsKey("refs/heads/main") || tips.Count == 0 ? "refs/heads/main" : tips.Keys.Order(StringComparer.Ordinal).First();
    }

    /// <summary>
    /// Pushes <paramref name="commit"/> to <paramref name="branch"/> (never forced). True when it landed; false when
    /// another writer moved the branch first. A refusal that is not a race throws <see cref="StatePushRejectedException"/>.
    /// </summary>
    public bool Push(Commit commit, string branch, string? expectedTip)
    {
        credentialAsks = 0;
        PushStatusError? refused = null;
        var pushOptions = new PushOptions
        {
            CredentialsProvider = Credentials,
            OnPushStatusError = error => refused = error,
        };
        var started = Stopwatch.GetTimestamp();
        try
        {
            repo.Network.Push(repo.Network.Remotes[Name], commit.Sha, branch, pushOptions);
        }
        catch (NonFastForwardException)
        {
            TeamClusterSyncMetrics.GitPushConflicts.Add(1);
            return false;
        }
        catch (LibGit2SharpException e) when (NetworkTimeouts.IsTimeout(e))
        {
            // The push may have landed before the answer was lost: only the remote can say.
            return LandedAfterTimeout(commit, branch, e);
        }
        finally
        {
            TeamClusterSyncMetrics.GitPushDuration.Record(TeamClusterSyncMetrics.SecondsSince(started));
        }

        if (refused is null)
        {
            return true;
        }

        var tipNow = Fetch().GetValueOrDefault(branch)?.Sha;
        if (tipNow != expectedTip || IsRace(refused.Message))
        {
            TeamClusterSyncMetrics.GitPushConflicts.Add(1);
            return false;
        }

        TeamClusterSyncMetrics.GitPushFailures.Add(1);
        throw new StatePushRejectedException(refused.Reference, refused.Message, location.Display);
    }

    private bool LandedAfterTimeout(Commit commit, string branch, Exception timeout)
    {
        try
        {
            return Fetch().GetValueOrDefault(branch)?.Sha == commit.Sha
                ? true
                : throw new InvalidOperationException(
                    $"{location.Display} did not answer within {options.NetworkTimeout.TotalSeconds:0} s, and the change is not there; nothing changed", timeout);
        }
        catch (InvalidOperationException e) when (e.InnerException != timeout)
        {
            throw new InvalidOperationException(
                $"{location.Display} stopped answering while the change was being pushed, so whether it landed is unknown; "
                + "'teamclustersync status' shows it once the git host answers", e);
        }
    }

    /// <summary>Refuses to push into a non-bare local remote's checked-out branch (it would desync its files).</summary>
    public void RefuseCheckedOutBranch(string branch)
    {
        if (location.CheckedOutBranch() == branch)
        {
            throw new InvalidOperationException(
                $"{location.Display} is a working copy with {branch} checked out; the bot must not push there. "
                + "Pass the bare origin or its URL instead (see 'git -C <dir> remote get-url origin').");
        }
    }

    /// <summary>
    /// The branch whose tip is the commit the fetch brought for HEAD, when that says it unambiguously (one branch there,
    /// or <c>main</c> among them): no extra round trip. Null when several branches share the commit.
    /// </summary>
    private string? FetchedHead(IReadOnlyDictionary<string, ObjectId> tips)
    {
        if (repo.Refs[HeadRef]?.TargetIdentifier is not { } head)
        {
            return null;
        }

        var candidates = tips.Where(t => t.Value.Sha == head).Select(t => t.Key).ToList();
        return candidates.Count == 1 ? candidates[0] : candidates.Contains("refs/heads/main") ? "refs/heads/main" : null;
    }

    private string? AdvertisedHead(IReadOnlyDictionary<string, ObjectId> tips)
    {
        credentialAsks = 0;
        var advertised = repo.Network.ListReferences(repo.Network.Remotes[Name], Credentials);
        var head = advertised.FirstOrDefault(r => r.CanonicalName == "HEAD");
        if (head is SymbolicReference symbolic)
        {
            return symbolic.TargetIdentifier;
        }

        return head?.TargetIdentifier is { } id ? tips.FirstOrDefault(t => t.Value.Sha == id).Key : null;
    }

    /// <summary>A cache that holds only the newest commits (git's <c>shallow</c> file lists where its history stops).</summary>
    private bool IsShallow() => File.Exists(Path.Combine(repo.Info.Path, "shallow"));

    /// <summary>A cache that has never fetched a branch.</summary>
    private bool IsNew() => !repo.Refs.FromGlob(TrackingPrefix + "*").Any();

    /// <summary>The branch a local repo's <c>HEAD</c> file names (<c>ref: refs/heads/main</c>), or null when it is detached.</summary>
    private static string? LocalHead(string path)
    {
        var file = Path.Combine(path, "HEAD");
        if (!File.Exists(file))
        {
            file = Path.Combine(path, ".git", "HEAD");
        }

        return File.Exists(file) && File.ReadAllText(file).Trim() is var text && text.StartsWith("ref: ", StringComparison.Ordinal)
            ? text["ref: ".Length..]
            : null;
    }

    /// <summary>A local remote's HEAD is read directly; a server's is remembered in the cache once found.</summary>
    private bool HeadKnown() => location.LocalPath is not null || repo.Config.Get<string>(HeadKey) is not null;

    private void FetchWithLibgit2()
    {
        credentialAsks = 0;
        var fetchOptions = new FetchOptions { CredentialsProvider = Credentials, Prune = true, TagFetchMode = TagFetchMode.None };
        try
        {
            Commands.Fetch(repo, Name, HeadKnown() ? BranchRefspecs : Refspecs, fetchOptions, null);
        }
        catch (LibGit2SharpException e) when (NetworkTimeouts.IsTimeout(e))
        {
            throw new InvalidOperationException(NoAnswer(location.Display, options.NetworkTimeout), e);
        }
        catch (LibGit2SharpException e)
        {
            throw new InvalidOperationException($"fetching {location.Display} failed: {e.Message}", e);
        }
    }

    /// <summary>Server messages for an update that lost a race rather than one that was refused.</summary>
    private static bool IsRace(string message) =>
        message.Contains("fetch first", StringComparison.OrdinalIgnoreCase)
        || message.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to update ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("cannot lock ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to lock", StringComparison.OrdinalIgnoreCase)
        || message.Contains("incorrect old value", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The token for an https remote: from the environment variable, else from the URL the operator gave. libgit2 asks
    /// again when the server refused what it was given; a second ask within one operation means the token is wrong, and
    /// saying so beats libgit2's "too many redirects or authentication replays" after a dozen tries.
    /// </summary>
    private Credentials Credentials(string url, string usernameFromUrl, SupportedCredentialTypes types)
    {
        if (Interlocked.Increment(ref credentialAsks) > 1)
        {
            throw new InvalidOperationException(
                $"{location.Display} refused the token in {TokenSource(options)}; check that it is valid and may read and push to this repo");
        }

        var token = Environment.GetEnvironmentVariable(options.TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : location.UrlToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException(CredentialsMissing(RemoteLocation.Redact(url), options.TokenVariable));
        }

        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !options.AllowPlainHttp)
        {
            throw new InvalidOperationException(PlainHttpRefused(RemoteLocation.Redact(url)));
        }

        if (!location.SameHost(url))
        {
            throw new InvalidOperationException(RedirectRefused(location.Display, RemoteLocation.Redact(url)));
        }

        return new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
    }

    /// <summary>Where the token came from, for messages: the variable, else the URL.</summary>
    public static string TokenSource(GitStateStoreOptions options) =>
        Environment.GetEnvironmentVariable(options.TokenVariable) is { Length: > 0 } ? options.TokenVariable : "the --repo URL";

    /// <summary>Why no token is offered to a server the remote redirected to.</summary>
    public static string RedirectRefused(string remote, string elsewhere) =>
        $"{remote} redirected to {elsewhere}, another host, which asks for credentials; the token is only sent to the host of the repo URL, so point --repo at the new location";

    /// <summary>Why no token is offered to a plain http:// remote.</summary>
    public static string PlainHttpRefused(string remote) =>
        $"{remote} is plain http://, so the token would travel unencrypted; use https://, or allow it "
        + "explicitly if the link is private (TEAMCLUSTERSYNC_GIT_ALLOW_HTTP=true)";
}
