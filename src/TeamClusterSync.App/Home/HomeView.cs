using TeamClusterSync.App.Messages;
using TeamClusterSync.Core.Leases;

namespace TeamClusterSync.App.Home;

/// <summary>
/// What someone's Home sees: their teams and each team's clusters, as of one snapshot. Front ends render it (Slack
/// Block Kit, terminal text); none decides anything from it. A cluster's sections are separate fields, so a front
/// end renders each as it likes.
/// </summary>
/// <param name="Problem">Why the view is empty or stale (no good config, not on any team), else null.</param>
public sealed record HomeView(string Login, DateTimeOffset At, IReadOnlyList<HomeTeam> Teams, string? Problem = null);

/// <summary>One team of the viewer, with its channel (without '#') when it has one.</summary>
public sealed record HomeTeam(string Name, string? Channel, IReadOnlyList<HomeCluster> Clusters);

/// <summary>
/// One cluster: where it is, who has it until when, who asked, who is in line, when it was last provisioned, and the
/// buttons that act for the viewer. Each button's command is what the viewer would type, and is answered as typed.
/// </summary>
/// <param name="LastRelease">Clean, restored or dirty after the last release check, in words; null before any check ran.</param>
/// <param name="Status">The one-line status the team channel shows (the same words as <c>teamcluster status</c>).</param>
public sealed record HomeCluster(
    string Name,
    string Version,
    string ConsoleUrl,
    IReadOnlyList<Holder> Holders,
    IReadOnlyList<Reader> Readers,
    IReadOnlyList<PendingRequest> Pending,
    IReadOnlyList<Waiter> Line,
    DateTimeOffset? LastProvisioned,
    string? LastRelease,
    string Status,
    IReadOnlyList<ReplyButton> Buttons,
    string? Phase = null);
