using System.Collections.Concurrent;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Users;

/// <summary>
/// The one mapping between Slack users and GitHub logins. people.yaml decides first (<c>slack:</c>); failing that, the
/// Slack profile email is matched to a person's <c>email:</c> (users.info one way, users.lookupByEmail the other).
/// Answers are cached for a few minutes so a conversation does not cost an API call per message.
/// </summary>
internal sealed class SlackIdentities(SlackClient slack, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset At)> cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The GitHub login of a Slack user, or null when nothing maps them.</summary>
    public Task<string?> LoginOfAsync(IReadOnlyList<Person> people, string slackUserId, CancellationToken ct) =>
        CachedAsync("login:" + slackUserId, async () =>
        {
            if (people.FirstOrDefault(p => p.Slack == slackUserId) is { } listed)
            {
                return listed.GitHub;
            }

            var email = (await slack.GetUserAsync(slackUserId, ct))?.Profile?.Email;
            return email is null ? null : people.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase))?.GitHub;
        });

    /// <summary>The Slack user id of a person, or null when people.yaml has neither an id nor an email Slack knows.</summary>
    public Task<string?> SlackIdOfAsync(Person? person, CancellationToken ct) =>
        person switch
        {
            { Slack: { } id } => Task.FromResult<string?>(id),
            { Email: { } email } => CachedAsync("email:" + email, async () => (await slack.LookupByEmailAsync(email, ct))?.Id),
            _ => Task.FromResult<string?>(null),
        };

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
