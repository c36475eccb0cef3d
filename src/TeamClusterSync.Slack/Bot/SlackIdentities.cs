using System.Collections.Concurrent;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Bot;

/// <summary>
/// Slack user id ↔ GitHub login. people.yaml decides first (<c>slack:</c>); failing that, the Slack profile email is
/// matched to a person's <c>email:</c> (users.info one way, users.lookupByEmail the other). Answers are cached for a
/// few minutes so a conversation does not cost an API call per message.
/// </summary>
internal sealed class SlackIdentities(SlackClient slack, Func<CancellationToken, Task<ConfigRepository?>> config, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset At)> cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The GitHub login of a Slack user, or null when nothing maps them.</summary>
    public Task<string?> LoginOfAsync(string slackUserId, CancellationToken ct) =>
        CachedAsync("login:" + slackUserId, async () =>
        {
            var people = (await config(ct))?.People ?? [];
            if (people.FirstOrDefault(p => p.Slack == slackUserId) is { } listed)
            {
                return listed.GitHub;
            }

            var email = (await slack.GetUserAsync(slackUserId, ct))?.Profile?.Email;
            return email is null ? null : people.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase))?.GitHub;
        });

    /// <summary>The Slack user id of a GitHub login, or null when people.yaml has neither an id nor a matching email.</summary>
    public Task<string?> SlackIdOfAsync(string login, CancellationToken ct) =>
        CachedAsync("slack:" + login, async () =>
        {
            var person = (await config(ct))?.FindPerson(login);
            if (person?.Slack is { } id)
            {
                return id;
            }

            return person?.Email is { } email ? (await slack.LookupByEmailAsync(email, ct))?.Id : null;
        });

    private async Task<string?> CachedAsync(string key, Func<Task<string?>> resolve)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out var hit) && now - hit.At < Lifetime)
        {
            return hit.Value;
        }

        var value = await resolve();
        cache[key] = (value, now);
        return value;
    }
}
