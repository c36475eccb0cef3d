using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Leases;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Slack.Users;

namespace TeamClusterSync.Slack.Chat;

/// <summary>
/// Slack users ↔ people of the config. Uses the config the app last loaded, so mapping a recipient costs no read of
/// the store; reads it only before anything was ever loaded.
/// </summary>
internal sealed class SlackPeople(SlackIdentities identities, ConfigCache configs, CommandEngine engine)
{
    /// <summary>
    /// The GitHub login of a Slack user; null with the config's problem when the config in use does not map them and the
    /// newest revision cannot be read (they may be in its people.yaml: the error is what they must hear, not "who are you"),
    /// else with why their account was refused, if it was.
    /// </summary>
    public async Task<(string? Login, string? ConfigProblem)> LoginOfAsync(string slackUserId, CancellationToken ct)
    {
        var (config, problem) = await ConfigAsync(ct);
        if (config is null)
        {
            return (null, problem);
        }

        var (login, refusal) = await identities.LoginOfAsync(config.People, slackUserId, config.Settings.Sync.IncludeGuests, ct);
        return login is not null ? (login, null) : (null, (await engine.ConfigAsync(ct)).Problem ?? refusal);
    }

    public async Task<string?> SlackIdOfAsync(string login, CancellationToken ct)
    {
        var (config, _) = await ConfigAsync(ct);
        return await identities.SlackIdOfAsync(config?.FindPerson(login), ct);
    }

    private async Task<(ConfigRepository? Config, string? Problem)> ConfigAsync(CancellationToken ct) =>
        configs.LastGood is { } config ? (config, null) : await engine.ConfigAsync(ct);
}
