using System.Collections.Concurrent;
using TeamClusterSync.Core.Model;
using TeamClusterSync.Slack.WebApi;

namespace TeamClusterSync.Slack.Users;

/// <summary>
/// The one mapping between Slack users and GitHub logins. people.yaml decides first: a pinned <c>slack:</c> id is the
/// only account of that person. Failing that, the profile email of an account <see cref="SlackMembership"/> allows is
/// matched to a person's <c>email:</c> (users.info one way, users.lookupByEmail the other). Answers are cached for a
/// few minutes so a conversation does not cost an API call per message.
/// </summary>
internal sealed class SlackIdentities(SlackClient slack, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (object? Value, DateTimeOffset At)> cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The GitHub login of a Slack user; else null and, when their account was refused, one sentence saying why and who can add them.</summary>
    public async Task<(string? Login, string? Refusal)> LoginOfAsync(IReadOnlyList<Person> people, string slackUserId, bool includeGuests, CancellationToken ct)
    {
        if (people.FirstOrDefault(p => p.Slack == slackUserId) is { } listed)
        {
            return (listed.GitHub, null);
        }

        var user = await CachedAsync("user:" + slackUserId, () => slack.GetUserAsync(slackUserId, ct));
        var person = user?.Profile.Email is { Length: > 0 } email
            ? people.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase))
            : null;
        if (user is null || person is null)
        {
            return (null, null);
        }

        var refusal = person.Slack is not null
            ? "is not the Slack account people.yaml names for that email"
            : SlackMembership.Refusal(user, await WorkspaceAsync(ct), includeGuests);
        return refusal is null
            ? (person.GitHub, null)
            : (null, $"Your Slack account {refusal}, so I can't take it for @{person.GitHub}: only a change to people.yaml, "
                + "through a pull request your team's admins approve, can add it.");
    }

    /// <summary>The Slack user id of a person, or null when people.yaml has neither an id nor an email Slack knows.</summary>
    public Task<string?> SlackIdOfAsync(Person? person, CancellationToken ct) =>
        person switch
        {
            { Slack: { } id } => Task.FromResult<string?>(id),
            { Email: { } email } => CachedAsync("email:" + email, async () => (await slack.LookupByEmailAsync(email, ct))?.Id),
            _ => Task.FromResult<string?>(null),
        };

    /// <summary>This workspace's team id (auth.test): an account of any other team is not one of ours.</summary>
    private Task<string?> WorkspaceAsync(CancellationToken ct) =>
        CachedAsync<string?>("team", async () => (await slack.AuthTestAsync(ct)).TeamId);

    private async Task<T?> CachedAsync<T>(string key, Func<Task<T?>> resolve)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out var hit) && now - hit.At < Lifetime)
        {
            return (T?)hit.Value;
        }

        var value = await resolve();
        cache[key] = (value, now);
        return value;
    }
}
