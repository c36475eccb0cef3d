using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config.Files;

/// <summary><c>teamclustersync.yaml</c>: every key is optional, so a repo can start from an empty file.</summary>
internal static class SettingsFile
{
    public const string Path = "teamclustersync.yaml";

    public static Settings Read(FileContext file, YamlNode root)
    {
        if (YamlMap.OpenRoot(file, root, ["github", "slack", "defaults", "state", "sync", "digest", "admins"]) is not { } map)
        {
            return Settings.Default;
        }

        var org = map.Map("github", ["org"])?.String("org");
        var workspace = map.Map("slack", ["workspace"])?.String("workspace");
        var branch = map.Map("state", ["branch"])?.String("branch");
        var defaults = map.Map("defaults", ["lease", "reprovision"]);
        var lease = defaults?.Map("lease", ["maxDuration", "reminderBefore", "offerWindow", "pingTimeout"]);
        var leaseDefaults = new LeaseDefaults(
            lease?.Duration("maxDuration") ?? LeaseDefaults.Default.MaxDuration,
            lease?.Duration("reminderBefore") ?? LeaseDefaults.Default.ReminderBefore)
        {
            OfferWindow = lease?.Duration("offerWindow") ?? LeaseDefaults.Default.OfferWindow,
            PingTimeout = lease?.Duration("pingTimeout") ?? LeaseDefaults.Default.PingTimeout,
        };
        var reprovision = ValueChecks.Schedule(defaults?.Map("reprovision", ["cron", "timeZone"]), fallback: null);
        return new Settings(org, workspace, leaseDefaults, reprovision, branch)
        {
            Sync = SyncSettings.Read(map.Map("sync", SyncSettings.Keys)),
            Digest = ValueChecks.Schedule(map.Map("digest", ["cron", "timeZone"]), fallback: null),
            AdminLogins = string.Join(' ', ValueChecks.Logins(map, "admins")),
        };
    }
}
