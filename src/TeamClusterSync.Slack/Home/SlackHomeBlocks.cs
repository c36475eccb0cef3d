using System.Text.Json.Nodes;
using TeamClusterSync.App.Home;
using TeamClusterSync.Core.Time;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Chat;

namespace TeamClusterSync.Slack.Home;

/// <summary>
/// A <see cref="HomeView"/> as a Block Kit Home tab, within Slack's limits whatever its size (past them Slack refuses
/// the whole tab and the person sees a stale one). Full: a header, per team a divider and a title, per cluster its
/// facts and a row of buttons. When that passes <see cref="MaxBlocks"/>, compact: one block per cluster (a line of facts
/// with its buttons in a menu). When even that does not fit, each team shows its share and says how many more it has.
/// A cluster without buttons (its lease file cannot be read) has no button row: an empty one is refused.
/// </summary>
internal static class SlackHomeBlocks
{
    /// <summary>The prefix of the Home tab's button action ids; a press runs the button's value as a command.</summary>
    public const string ActionPrefix = "teamcluster-home-";

    /// <summary>Slack's limit for a Home tab.</summary>
    public const int MaxBlocks = 100;

    /// <summary>People named per list before "and N more": keeps a cluster's facts far below a section's 3,000 characters.</summary>
    private const int NamesShown = 10;

    public static JsonObject View(HomeView view)
    {
        var (blocks, cut) = Blocks(view, Full);
        if (cut)
        {
            (blocks, _) = Blocks(view, Compact);
        }

        return new JsonObject { ["type"] = "home", ["blocks"] = blocks };
    }

    /// <summary>
    /// The tab with each cluster rendered by <paramref name="cluster"/>; clusters past the budget summed up per team
    /// (<c>Cut</c> says whether any were).
    /// </summary>
    private static (JsonArray Blocks, bool Cut) Blocks(HomeView view, Func<HomeCluster, List<JsonObject>> cluster)
    {
        var cut = false;
        var blocks = new JsonArray { SlackBlocks.Header("Your team clusters") };
        if (view.Problem is { } problem)
        {
            blocks.Add(Section(SlackDelivery.Escape(problem)));
        }

        // The budget keeps room for every team's title and "more" line, and for the footer.
        // Each team gets an equal share of what is left, so a long first team does not crowd out the others.
        var budget = MaxBlocks - blocks.Count - 1 - (view.Teams.Count * 3);
        for (var t = 0; t < view.Teams.Count; t++)
        {
            var team = view.Teams[t];
            blocks.Add(SlackBlocks.Divider());
            blocks.Add(Section($"*{SlackDelivery.Escape(team.Name)}*" + (team.Channel is { } channel ? $"  #{channel}" : "")));
            var share = budget / (view.Teams.Count - t);
            var shown = 0;
            foreach (var rendered in team.Clusters.Select(cluster))
            {
                if (rendered.Count > share)
                {
                    break;
                }

                rendered.ForEach(blocks.Add);
                share -= rendered.Count;
                budget -= rendered.Count;
                shown++;
            }

            if (shown < team.Clusters.Count)
            {
                cut = true;
                blocks.Add(Section($"_and {team.Clusters.Count - shown} more: `teamcluster status` lists them all_"));
            }
        }

        blocks.Add(Section($"_as of {Timestamps.Human(view.At)}_"));
        return (blocks, cut);
    }

    private static List<JsonObject> Full(HomeCluster cluster)
    {
        var blocks = new List<JsonObject> { Section(Facts(cluster)) };
        if (cluster.Buttons.Count > 0)
        {
            blocks.Add(SlackBlocks.Actions(ActionPrefix + cluster.Name, [.. cluster.Buttons.Select((b, i) =>
                new SlackButton($"{ActionPrefix}{i}", b.Label, b.Command, b.Primary ? "primary" : null))]));
        }

        return blocks;
    }

    /// <summary>One line of facts, and the buttons as a menu beside it (a single button as itself: a menu needs two).</summary>
    private static List<JsonObject> Compact(HomeCluster cluster)
    {
        var parts = new List<string> { Title(cluster), "held by " + HomeText.Holders(cluster, 3) };
        parts.AddRange(new[] { (cluster.Readers.Count, "read-only"), (cluster.Pending.Count, "asking"), (cluster.Line.Count, "in line") }
            .Where(c => c.Item1 > 0).Select(c => $"{c.Item1} {c.Item2}"));
        var section = Section(string.Join(" · ", parts) + (cluster.Phase is { } phase ? $" · {SlackDelivery.Escape(phase)}" : ""));
        section["block_id"] = ActionPrefix + cluster.Name;
        if (cluster.Buttons.Count > 0)
        {
            section["accessory"] = cluster.Buttons.Count == 1
                ? SlackBlocks.Button(new SlackButton(ActionPrefix + "0", cluster.Buttons[0].Label, cluster.Buttons[0].Command))
                : SlackBlocks.Overflow(ActionPrefix + "menu", [.. cluster.Buttons.Select(b => (b.Label, b.Command))]);
        }

        return [section];
    }

    private static string Facts(HomeCluster cluster) => string.Join('\n',
        $"*{Title(cluster)}*  OpenShift {SlackDelivery.Escape(cluster.Version)}",
        "*Held by:* " + HomeText.Holders(cluster, NamesShown),
        "*Read-only:* " + HomeText.Readers(cluster, NamesShown),
        "*Pings:* " + HomeText.Pings(cluster, NamesShown),
        "*In line:* " + HomeText.Line(cluster, NamesShown),
        "*Last provisioned:* " + HomeText.LastProvisioned(cluster),
        "*Last release:* " + SlackDelivery.Escape(cluster.LastRelease ?? "not checked yet"))
        + (cluster.Phase is { } phase ? "\n*Phase:* " + SlackDelivery.Escape(phase) : "");

    /// <summary>The cluster's name, linked to its console once it has one (a Hive cluster still being claimed has none).</summary>
    private static string Title(HomeCluster cluster) =>
        cluster.ConsoleUrl.Length > 0 ? $"<{cluster.ConsoleUrl}|{cluster.Name}>" : SlackDelivery.Escape(cluster.Name);

    /// <summary>A section whose text is never past Slack's 3,000 characters.</summary>
    private static JsonObject Section(string markdown) => SlackBlocks.Section(SlackText.Fit(markdown, SlackText.MaxSection));
}
