using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Config;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Leases;

/// <summary>
/// Loads the config of a snapshot once per commit, and keeps the last good one: as with Flux, a broken revision
/// of the config repo never replaces the last good one, so a typo in a pull request does not stop the bot. Each bad
/// revision is logged once, when first seen; the bot's own state commits on top of it, with the same errors, are not
/// logged again.
/// </summary>
public sealed class ConfigCache(ILogger<ConfigCache> logger)
{
    private readonly Lock gate = new();
    private (string Commit, ConfigRepository Config, IConfigSource Source)? lastGood;
    private (string Commit, string Problem)? lastBad;
    private string? loggedErrors;

    /// <summary>The last good config loaded, without reading the store: enough to name people in replies.</summary>
    public ConfigRepository? LastGood
    {
        get
        {
            lock (gate)
            {
                return lastGood?.Config;
            }
        }
    }

    /// <summary>The commit of the last good config loaded (the revision in use), or null before any.</summary>
    public string? LastGoodCommit
    {
        get
        {
            lock (gate)
            {
                return lastGood?.Commit;
            }
        }
    }

    /// <summary>The config to act on, or null with a problem to tell the user when no good revision was ever seen.</summary>
    public ConfigRepository? Get(StateSnapshot snapshot, out string? problem)
    {
        problem = null;
        lock (gate)
        {
            if (lastGood is { } good && (good.Commit == snapshot.ConfigCommit || ReferenceEquals(good.Source, snapshot.Config)))
            {
                // The same files under a newer commit (one of the bot's own state commits on the config branch): no need to load them again.
                lastGood = good with { Commit = snapshot.ConfigCommit };
                return good.Config;
            }

            if (lastBad is { } bad && bad.Commit == snapshot.ConfigCommit)
            {
                problem = bad.Problem;
                return lastGood?.Config;
            }

            var loaded = ConfigLoader.Load(snapshot.Config);
            if (loaded.Config is { } config)
            {
                lastGood = (snapshot.ConfigCommit, config, snapshot.Config);
                return config;
            }

            problem = $"the config repo at {snapshot.ConfigCommit[..7]} has {loaded.Diagnostics.Count} error(s), the first: "
                + $"{loaded.Diagnostics[0]}. Ask a team admin to fix it (`teamclustersync validate` lists them all).";
            lastBad = (snapshot.ConfigCommit, problem);
            var errors = string.Join('\n', loaded.Diagnostics);
            if (errors == loggedErrors)
            {
                return lastGood?.Config;
            }

            loggedErrors = errors;
            logger.LogError(
                "config revision {Commit} is invalid; {InUse}: {Problem}",
                snapshot.ConfigCommit[..7],
                lastGood is { } inUse ? $"revision {inUse.Commit[..7]} stays in use" : "no valid revision was seen yet",
                problem);
            return lastGood?.Config;
        }
    }
}
