using System.Globalization;
using System.Text.RegularExpressions;
using Quartz;
using TeamClusterSync.Config.Yaml;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.Config.Files;

/// <summary>Checks of single values that several files share: names, logins, cron, time zones, URLs.</summary>
internal static partial class ValueChecks
{
    /// <summary>
    /// Reads <c>name</c>, which must equal the file's name: the name is how other files and the state store refer
    /// to the object, and is used in state file paths and Kubernetes names, so it is kept to a DNS label.
    /// </summary>
    public static string? Name(YamlMap map)
    {
        var name = map.String("name", true, out var node);
        if (name is null)
        {
            return null;
        }

        if (!NamePattern().IsMatch(name))
        {
            map.File.Error(node!, $"name '{name}' must be lower-case letters, digits and '-' (at most 63, starting and ending with a letter or digit)");
            return name;
        }

        var fileName = map.File.Path[(map.File.Path.LastIndexOf('/') + 1)..];
        if (fileName != name + ".yaml")
        {
            map.File.Error(node!, $"name '{name}' does not match the file name '{fileName}'; rename the file to '{name}.yaml' or fix the name");
        }

        return name;
    }

    /// <summary>A list of GitHub logins; a login with '@' or spaces is a typo the sync would never match.</summary>
    public static List<string> Logins(YamlMap map, string key)
    {
        var logins = new List<string>();
        var items = map.TextList(key) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var (login, node) = items[i];
            if (IsLogin(map, node, login, $"{map.Name(key)}[{i.ToString(CultureInfo.InvariantCulture)}]"))
            {
                logins.Add(login);
            }
        }

        return logins;
    }

    public static bool IsLogin(YamlMap map, YamlNode node, string login, string name)
    {
        if (Person.IsLogin(login))
        {
            return true;
        }

        var hint = login.StartsWith('@') ? "; write it without '@'" : "";
        map.File.Error(node, $"'{name}' is not a GitHub login: '{login}'{hint}");
        return false;
    }

    /// <summary>
    /// Names of environment variables a provider command may see besides its own: plain names, none of the bot's
    /// secrets (a script must never get the Slack, GitHub or git tokens), none it gets anyway.
    /// </summary>
    public static List<string> EnvironmentNames(YamlMap map, string key)
    {
        var names = new List<string>();
        foreach (var (name, node) in map.TextList(key) ?? [])
        {
            var problem = !EnvironmentNamePattern().IsMatch(name) ? "is not an environment variable name (letters, digits and '_', not starting with a digit)"
                : Core.Credentials.Secrets.BotVariables.Contains(name) ? "is one of the bot's own secrets, which provider commands never see"
                : name is "PATH" or "HOME" || name.StartsWith("TEAMCLUSTER_", StringComparison.Ordinal) ? "is always passed; remove it"
                : null;
            if (problem is null)
            {
                names.Add(name);
            }
            else
            {
                map.File.Error(node, $"'{map.Name(key)}' entry '{name}' {problem}");
            }
        }

        return names;
    }

    /// <summary>Reads <c>cron</c> and <c>timeZone</c>; missing ones come from <paramref name="fallback"/>, then UTC.</summary>
    public static Schedule? Schedule(YamlMap? map, Schedule? fallback)
    {
        if (map is null)
        {
            return fallback;
        }

        var cron = Cron(map, "cron", required: fallback is null);
        var timeZone = TimeZone(map, "timeZone");
        return cron is null && fallback is null
            ? null
            : new Schedule(cron ?? fallback!.Cron, timeZone ?? fallback?.TimeZone ?? "UTC");
    }

    private static string? Cron(YamlMap map, string key, bool required)
    {
        var cron = map.String(key, required, out var node);
        if (cron is null)
        {
            return null;
        }

        try
        {
            _ = new CronExpression(cron);
            return cron;
        }
        catch (FormatException e)
        {
            map.File.Error(node!, $"'{map.Name(key)}' is not a Quartz cron expression ({e.Message.TrimEnd('.')}); e.g. '0 0 6 ? * MON' is Mondays at 06:00");
            return null;
        }
    }

    private static string? TimeZone(YamlMap map, string key)
    {
        var zone = map.String(key, false, out var node);
        if (zone is null)
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) && found.HasIanaId)
        {
            return found.Id;
        }

        map.File.Error(node!, $"'{map.Name(key)}' is not a known IANA time zone: '{zone}'; e.g. UTC, Europe/Berlin, America/New_York");
        return null;
    }

    /// <summary>An absolute http or https URL: the bot posts it to chat, where anything else would not be a link.</summary>
    public static string? Url(YamlMap map, string key, bool required)
    {
        var text = map.String(key, required, out var node);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return text;
        }

        map.File.Error(node!, $"'{map.Name(key)}' must be an absolute http(s) URL, found {node!.Describe()}");
        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentNamePattern();
}
