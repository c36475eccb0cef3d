using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Git;
using TeamClusterSync.Providers;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Cli.Tests.Usage;

/// <summary>A lease history written the way the bot writes it: the example config on a bare origin, and chat messages handled at the times given, on a manual clock.</summary>
internal static class ChatHistory
{
    /// <summary>Returns the origin; <paramref name="then"/> runs on the store after the messages (to record what chat cannot).</summary>
    public static async Task<string> WriteAsync(
        TempDirectory temp, DateTimeOffset start, IEnumerable<(DateTimeOffset At, string Login, string Text)> said, Func<GitStateStore, ManualClock, Task>? then = null)
    {
        var origin = temp.Combine("origin.git");
        GitCli.CreateOrigin(origin, RepoRoot.ExampleConfig);
        var clock = new ManualClock(start);
        using var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(origin, temp.Combine("bot-cache")) { Clock = clock });
        using var app = new ServiceCollection().AddGitStateStore(store).AddClusterProviders().AddSingleton<TimeProvider>(clock).AddTeamClusterSyncApp().BuildServiceProvider();
        var engine = app.GetRequiredService<CommandEngine>();
        foreach (var (at, login, text) in said)
        {
            await TimedChat.SayAsync(clock, origin, at, login, text, async (l, t) => string.Join('\n', (await engine.HandleAsync(l, t, CommitSource.Cli)).Select(m => m.Text)));
        }

        await (then?.Invoke(store, clock) ?? Task.CompletedTask);
        return origin;
    }
}
