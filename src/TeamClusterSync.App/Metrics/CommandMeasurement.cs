using System.Diagnostics;
using TeamClusterSync.App.Chat;

namespace TeamClusterSync.App.Metrics;

/// <summary>Counts one chat command by name and outcome and records how long it took; failed unless <see cref="Succeeded"/> was called.</summary>
internal sealed class CommandMeasurement(ParsedCommand command) : IDisposable
{
    private readonly long started = Stopwatch.GetTimestamp();
    private string outcome = "failed";

    public static string NameOf(ParsedCommand command) => command switch
    {
        ParsedCommand.Lease lease => lease.Command.Action,
        ParsedCommand.Status => "status",
        ParsedCommand.History => "history",
        ParsedCommand.Help => "help",
        _ => "unknown",
    };

    public void Succeeded() => outcome = "ok";

    public void Dispose()
    {
        var name = TeamClusterSyncMetrics.Tag("command", NameOf(command));
        TeamClusterSyncMetrics.Commands.Add(1, name, TeamClusterSyncMetrics.Tag("outcome", outcome));
        TeamClusterSyncMetrics.CommandDuration.Record(TeamClusterSyncMetrics.SecondsSince(started), name);
    }
}
