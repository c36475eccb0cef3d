using Microsoft.Extensions.Logging;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Leases;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Home;

/// <summary>
/// Keeps the standing views current: a person's Home when they open it, and, after the bot has said something about a
/// team (a lease changed through chat or the schedule), the Homes of that team's people who opened theirs recently and
/// the team channel's status messages. <see cref="FollowAsync"/> does the same for changes another replica made. Only
/// what changed since the last publish is sent again.
/// </summary>
public sealed class HomeService(IStateStore store, ConfigCache configs, TimeProvider clock, ILogger<HomeService> logger, IHomeSurface? surface = null) : IDisposable
{
    /// <summary>Slack does not say when a Home tab closes; someone who opened it within a working day is taken to still look.</summary>
    public static readonly TimeSpan RecentlyOpened = TimeSpan.FromHours(8);

    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> openedAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> published = new(StringComparer.OrdinalIgnoreCase);
    private bool following;

    /// <summary>The login's Home as of now (the terminal's <c>home</c>).</summary>
    public async Task<HomeView> ViewAsync(string login, CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(ct);
        var config = configs.Get(snapshot, out var problem);
        return config is null
            ? new HomeView(login, clock.GetUtcNow(), [], problem)
            : HomeViewBuilder.Build(config, snapshot, login, clock.GetUtcNow()) with { Problem = problem };
    }

    /// <summary>Someone opened their Home: remember them, and publish it.</summary>
    public async Task OpenedAsync(string login, CancellationToken ct)
    {
        if (surface is null)
        {
            return;
        }

        var view = await ViewAsync(login, ct);
        await oneAtATime.WaitAsync(ct);
        try
        {
            openedAt[login] = clock.GetUtcNow();
            await PublishAsync(view, force: true, ct);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>
    /// After <paramref name="delivered"/> went out: refreshes the views of the teams the messages concern (the teams of
    /// the people written to, and the team of each channel written to). Failures are logged; the messages are already out.
    /// </summary>
    public async Task RefreshAfterAsync(IReadOnlyList<OutgoingMessage> delivered, CancellationToken ct)
    {
        if (surface is null || delivered.Count == 0)
        {
            return;
        }

        await oneAtATime.WaitAsync(ct);
        try
        {
            var snapshot = await store.ReadAsync(ct);
            if (configs.Get(snapshot, out _) is { } config)
            {
                await RefreshAsync(config, snapshot, Concerned(config, snapshot, delivered), ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("could not refresh the Home views and channel status: {Error}", e.Message);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>
    /// Brings the standing views up to the state as it is now, whoever changed it: another replica, the schedule on
    /// another replica, a hand edit. Only what changed since this process last showed it is sent. The first call only
    /// notes what the views show, so a starting replica does not edit every status message.
    /// </summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        if (surface is null)
        {
            return;
        }

        await oneAtATime.WaitAsync(ct);
        try
        {
            var snapshot = await store.ReadAsync(ct);
            if (configs.Get(snapshot, out _) is { } config)
            {
                if (following)
                {
                    await RefreshAsync(config, snapshot, config.Teams, ct);
                }
                else
                {
                    Note(config, snapshot);
                    following = true;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("could not follow the state for the Home views and channel status: {Error}", e.Message);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    public void Dispose() => oneAtATime.Dispose();

    /// <summary>Takes the channels' status as already shown (by whichever replica showed it).</summary>
    private void Note(ConfigRepository config, StateSnapshot snapshot)
    {
        var now = clock.GetUtcNow();
        foreach (var team in config.Teams.Where(t => t.SlackChannel is not null))
        {
            foreach (var cluster in config.ClustersOf(team))
            {
                published.TryAdd($"#{team.SlackChannel}/{cluster.Name}", StatusLine.For(cluster, snapshot, now));
            }
        }
    }

    private async Task RefreshAsync(ConfigRepository config, StateSnapshot snapshot, IReadOnlyList<Team> teams, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var team in teams.Where(t => t.SlackChannel is not null))
        {
            foreach (var cluster in config.ClustersOf(team))
            {
                var status = StatusLine.For(cluster, snapshot, now);
                if (Changed($"#{team.SlackChannel}/{cluster.Name}", status))
                {
                    await surface!.ShowStatusAsync(team.SlackChannel!, cluster.Name, status, ct);
                }
            }
        }

        var members = teams.SelectMany(t => Membership.Of(t, snapshot)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var login in openedAt.Where(o => now - o.Value < RecentlyOpened && members.Contains(o.Key)).Select(o => o.Key).ToList())
        {
            await PublishAsync(HomeViewBuilder.Build(config, snapshot, login, now), force: false, ct);
        }
    }

    private static List<Team> Concerned(ConfigRepository config, StateSnapshot snapshot, IReadOnlyList<OutgoingMessage> delivered)
    {
        var logins = delivered.Select(m => m.To).OfType<Recipient.User>().Select(u => u.Login).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var channels = delivered.Select(m => m.To).OfType<Recipient.Channel>().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return [.. config.Teams.Where(t => (t.SlackChannel is { } channel && channels.Contains(channel))
            || Membership.Of(t, snapshot).Overlaps(logins))];
    }

    /// <summary>The view's text stands for its content, apart from the time it was built, which would make every view new.</summary>
    private async Task PublishAsync(HomeView view, bool force, CancellationToken ct)
    {
        if (Changed("@" + view.Login, HomeText.Render(view with { At = DateTimeOffset.UnixEpoch })) || force)
        {
            await surface!.PublishAsync(view, ct);
        }
    }

    private bool Changed(string key, string content)
    {
        if (published.TryGetValue(key, out var last) && last == content)
        {
            return false;
        }

        published[key] = content;
        return true;
    }
}
