using System.Text;
using System.Text.Json;
using TeamClusterSync.App.Ports;
using TeamClusterSync.Cli.Hosting;
using TeamClusterSync.Core.Time;

namespace TeamClusterSync.Cli.Commands;

/// <summary><c>teamclustersync history</c>: show every lease transition of a cluster, newest first, from git.</summary>
internal sealed class HistoryCommand(HostSettings? settings = null) : ICliCommand
{
    public string Name => "history";

    public string Summary => "show every lease transition of a cluster, newest first, from git";

    public string Usage => "teamclustersync history CLUSTER [--repo PATH_OR_URL] [--output text|json]";

    public string Details => """
        One line per commit that changed state/leases/CLUSTER.yaml on the state branch:
        when (UTC), commit, actor, action, and the commit subject. --output json adds the lease after each commit.
        A revision of the file that cannot be read (invalid YAML committed by hand) is shown as such, and the rest follows.
        Exit codes: 0 ok, 1 failure, 2 usage error.
        """;

    public IReadOnlyList<CliOption> Options { get; } = [CliOption.Repo, CliOption.Output];

    public Task<int> RunAsync(CliArgs args, Terminal console)
    {
        if (args.Positionals.Count != 1)
        {
            throw new UsageException(args.Positionals.Count == 0 ? "name the cluster" : "name exactly one cluster");
        }

        var cluster = args.Positionals[0];
        return ConfigRepo.RunAsync(args.Value("repo"), settings ?? HostSettings.From(console.Environment), console, Name, async store =>
        {
            var history = await store.HistoryAsync(cluster);
            if (history.Count == 0 && StatusCommand.Clusters(await store.ReadAsync()) is var known && !known.Contains(cluster, StringComparer.Ordinal))
            {
                // Only an empty history costs this second read: a mistyped name must not look like a quiet cluster.
                console.Error.WriteLine($"teamclustersync history: no cluster '{cluster}' in the config repo (clusters: {string.Join(", ", known)})");
                return ExitCodes.Failed;
            }

            if (args.Json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(history.Select(ToJson), CliJson.Document));
            }
            else
            {
                // One write, not one per line: a long history is 100,000 lines, and each write is a system call.
                var text = new StringBuilder();
                foreach (var t in history)
                {
                    text.AppendLine(Line(t));
                }

                console.Out.Write(text.ToString());
            }

            return ExitCodes.Ok;
        });
    }

    internal static string Line(LeaseTransition t) =>
        $"{Timestamps.Human(t.When)}  {t.CommitId[..7]}  "
        + $"{(t.Actor is null ? "-" : "@" + t.Actor)}  {t.Action ?? "-"}  {t.Subject}"
        + (t.Unreadable is null ? "" : $"  (this revision could not be read: {t.Unreadable})");

    private static object ToJson(LeaseTransition t) => new
    {
        commit = t.CommitId,
        when = StatusCommand.JsonTime(t.When),
        t.Subject,
        t.Actor,
        t.Action,
        t.Source,
        state = t.Unreadable is null ? StatusCommand.LeaseJson(t.State) : null,
        t.Unreadable,
    };
}
