using TeamClusterSync.App.Ports;
using TeamClusterSync.Core.Lifecycle;
using TeamClusterSync.Core.Model;

namespace TeamClusterSync.App.Messages;

/// <summary>
/// The words for a cluster that is not running yet (a Hive claim being assigned, resuming, asleep, or failed), the
/// same in the reply to a request, the notices of the minute sweep and <c>status</c>. Hive's own reason and message
/// are quoted, so a hub admin can look them up.
/// </summary>
internal static class PhaseText
{
    private const string WillSend = "I will send the credentials here";

    /// <summary>What a requester is told while the cluster cannot take credentials yet.</summary>
    public static string Waiting(Cluster cluster, ClusterStatus status) => status.Phase switch
    {
        PhaseKind.Pending when status.Reason == "NoClusters" =>
            $"Hive has no cluster ready in pool {Pool(cluster)} ({Quoted(status)}); {WillSend} once it has one",
        PhaseKind.Pending =>
            $"Hive is claiming a cluster from pool {Pool(cluster)}: seconds when the pool has one ready, 40 minutes or more when it must install one; {WillSend}",
        PhaseKind.Hibernating => $"the cluster is hibernating; Hive is resuming it, usually 2-5 minutes; {WillSend}",
        PhaseKind.Failed => $"Hive cannot get the cluster running ({Quoted(status)}); I told the team channel, and {WillSend} if it recovers",
        _ => $"Hive is resuming the cluster, usually 2-5 minutes; {WillSend}",
    };

    /// <summary>A phase that needs a person: the pool is empty, or Hive gave up on the cluster.</summary>
    public static bool IsProblem(ClusterPhase phase) => phase.Kind == PhaseKind.Failed || phase is { Kind: PhaseKind.Pending, Reason: "NoClusters" };

    /// <summary>The notice of a problem to the team channel (when the team has one) and to <paramref name="owed"/>, once, when it starts.</summary>
    public static IReadOnlyList<OutgoingMessage> ProblemNotices(Cluster cluster, Team? team, ClusterPhase phase, IEnumerable<string> owed)
    {
        var text = Problem(cluster, phase);
        List<OutgoingMessage> notices = [.. owed.Select(user => OutgoingMessage.Direct(user, text))];
        if (team?.SlackChannel is { } channel)
        {
            notices.Add(new(new Recipient.Channel(channel), text));
        }

        return notices;
    }

    private static string Problem(Cluster cluster, ClusterPhase phase) => phase.Kind == PhaseKind.Failed
        ? $"Hive cannot get {cluster.Name} running: {phase.Reason} ({phase.Message}). A hub admin can look at its ClusterDeployment; "
            + "whoever requested it gets the credentials here once it runs"
        : $"Hive has no cluster for {cluster.Name}: pool {Pool(cluster)} says {phase.Reason} ({phase.Message}). "
            + "A hub admin can raise the pool's size; whoever requested it gets the credentials here once a cluster runs";

    /// <summary>For <c>status</c>: <c>resuming since 2026-11-25 09:00 UTC (WaitingForNodes)</c>.</summary>
    public static string Status(ClusterPhase phase) =>
        $"{phase.Kind.ToString().ToLowerInvariant()} since {LeaseReplies.When(phase.Since)}" + (phase.Kind == PhaseKind.Running ? "" : $" ({phase.Reason})");

    /// <summary>The console URL of the cluster as it is now: the running claim's, else the cluster file's, else its name.</summary>
    public static string Console(Cluster cluster, ClusterRecord? record) =>
        record?.ConsoleUrl ?? (cluster.ConsoleUrl.Length > 0 ? cluster.ConsoleUrl : cluster.Name);

    private static string Quoted(ClusterStatus status) => status.Message.Length > 0 ? $"{status.Reason}: {status.Message}" : status.Reason;

    private static string Pool(Cluster cluster) => cluster.Provider.Hive?.ClusterPool ?? "(none)";
}
