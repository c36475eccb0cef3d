using TeamClusterSync.Bot.Engine;
using TeamClusterSync.Bot.Messages;
using TeamClusterSync.Bot.Providers;
using TeamClusterSync.Core.Providers;
using TeamClusterSync.Git;
using TeamClusterSync.Testing;

namespace TeamClusterSync.Bot.Tests.Engine;

/// <summary>A bare origin seeded from example-config, and bots (each with its own clone, like replicas) talking to it.</summary>
internal sealed class BotFixture : IDisposable
{
    private readonly TempDirectory temp = new("tcs-bot");
    private readonly List<StateStore> stores = [];
    private int replicas;

    public BotFixture()
    {
        GitCli.CreateOrigin(Origin, RepoRoot.ExampleConfig);
    }

    public string Origin => temp.Combine("origin.git");

    public ManualClock Clock { get; } = new();

    public SimulatedProvider Provider { get; } = new();

    public async Task<CommandEngine> BotAsync(IClusterProvider? provider = null)
    {
        var store = await StateStore.OpenAsync(new StateStoreOptions(Origin, temp.Combine($"replica-{++replicas}")));
        stores.Add(store);
        return new CommandEngine(store, provider ?? Provider, Clock, source: "test");
    }

    /// <summary>Commits on the origin's main, oldest first, as <c>git log --format=%s</c> shows them.</summary>
    public IReadOnlyList<string> Subjects() =>
        GitCli.Run(Origin, "log", "--reverse", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A human edit through the real git CLI: clone, change a file, commit, push.</summary>
    public void HumanCommit(string path, string content)
    {
        var work = temp.Combine($"human-{Guid.NewGuid():N}");
        GitCli.Run(temp.Path, "clone", "--quiet", Origin, work);
        File.WriteAllText(Path.Combine(work, path), content);
        GitCli.Run(work, "commit", "--quiet", "-am", "human edit of " + path);
        GitCli.Run(work, "push", "--quiet", "origin", "main");
    }

    public static string Render(IEnumerable<OutgoingMessage> messages) =>
        string.Join("\n", messages.Select(m => $"{m.To}: {m.Text}" + (m.Attachment is { } a ? $" [{a.FileName}]" : "")));

    public void Dispose()
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }

        temp.Dispose();
    }
}
