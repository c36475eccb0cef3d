using Microsoft.Extensions.DependencyInjection;
using TeamClusterSync.App.Chat;
using TeamClusterSync.App.Messages;
using TeamClusterSync.App.Ports;
using TeamClusterSync.App.Reconcilers;
using TeamClusterSync.Git;
using TeamClusterSync.Providers.Simulated;
using TeamClusterSync.Testing;

namespace TeamClusterSync.App.Tests;

/// <summary>
/// A bare origin seeded from example-config, and bots talking to it: each a whole app wired as the host wires it, with
/// its own clone, like replicas. Only the clock (the decisions' and the commits') and the provider are the test's.
/// </summary>
internal sealed class AppFixture : IDisposable
{
    private readonly TempDirectory temp = new("tcs-app");
    private readonly List<ServiceProvider> apps = [];
    private int replicas;

    public AppFixture()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
    }

    public string Origin => temp.Combine("origin.git");

    public ManualClock Clock { get; } = new();

    public SimulatedProvider Provider { get; } = new();

    /// <summary>
    /// Moves <see cref="Clock"/> (which also ages the bots' shared snapshots) past the store's bound: a change made
    /// behind the bots' back (a human commit) reaches each bot at its next read.
    /// </summary>
    public void Later() => Clock.Advance(GitStateStoreOptions.DefaultSnapshotMaxAge + TimeSpan.FromSeconds(1));

    public async Task<TestBot> BotAsync(IClusterProvider? provider = null)
    {
        var store = await GitStateStore.OpenAsync(new GitStateStoreOptions(Origin, temp.Combine($"replica-{++replicas}")) { Clock = Clock });
        var app = new ServiceCollection()
            .AddGitStateStore(store)
            .AddSingleton(provider ?? Provider)
            .AddSingleton<TimeProvider>(Clock)
            .AddTeamClusterSyncApp()
            .BuildServiceProvider();
        apps.Add(app);
        return new TestBot(app);
    }

    /// <summary>Commits on the origin's main, oldest first, as <c>git log --format=%s</c> shows them.</summary>
    public IReadOnlyList<string> Subjects() =>
        GitCli.Run(Origin, "log", "--reverse", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A human edit through the real git CLI: clone, change a file, commit, push; returns the commit.</summary>
    public string HumanCommit(string path, string content)
    {
        var work = temp.Combine($"human-{Guid.NewGuid():N}");
        GitCli.Run(temp.Path, "clone", "--quiet", Origin, work);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, path))!);
        File.WriteAllText(Path.Combine(work, path), content);
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "commit", "--quiet", "-m", "human edit of " + path);
        GitCli.Run(work, "push", "--quiet", "origin", "main");
        return GitCli.Run(work, "rev-parse", "HEAD").Trim();
    }

    public static string Render(IEnumerable<OutgoingMessage> messages) =>
        string.Join("\n", messages.Select(m => $"{m.To}: {m.Text}" + (m.Attachment is { } a ? $" [{a.FileName}]" : "")));

    public void Dispose()
    {
        foreach (var app in apps)
        {
            app.Dispose();
        }

        temp.Dispose();
    }
}

/// <summary>One replica of the app: chat as the terminal sends it, and the reconcilers as the schedule runs them.</summary>
internal sealed class TestBot(IServiceProvider app)
{
    /// <summary>The replica's services, for what has no chat command of its own.</summary>
    public IServiceProvider App => app;

    public Task<IReadOnlyList<OutgoingMessage>> HandleAsync(string login, string text) =>
        app.GetRequiredService<CommandEngine>().HandleAsync(login, text, CommitSource.Cli);

    public Task<IReadOnlyList<OutgoingMessage>> ExpireAsync() =>
        app.GetRequiredService<LeaseExpiryReconciler>().ReconcileAsync(CancellationToken.None);

    public Task<IReadOnlyList<OutgoingMessage>> RepairAsync() =>
        app.GetRequiredService<LeaseRepairReconciler>().ReconcileAsync(CancellationToken.None);

    public Task<IReadOnlyList<OutgoingMessage>> RewritesAsync() =>
        app.GetRequiredService<HistoryRewriteReconciler>().ReconcileAsync(CancellationToken.None);

    public Task<IReadOnlyList<OutgoingMessage>> ReprovisionAsync() =>
        app.GetRequiredService<ClusterLifecycleReconciler>().ReconcileAsync(CancellationToken.None);
}
