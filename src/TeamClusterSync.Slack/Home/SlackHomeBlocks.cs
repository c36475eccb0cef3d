using System.Text.Json.Nodes;
using TeamClusterSync.App.Home;
using TeamClusterSync.Core.Time;
using TeamClusterSync.Slack.Blocks;
using TeamClusterSync.Slack.Chat;

namespace TeamClusterSync.Slack.Home;

/// <summary>A <see cref="HomeView"/> as a Block Kit Home tab: a header, then per team a divider, and per cluster its facts and buttons.</summary>
internal static class SlackHomeBlocks
{
    /// <summary>The prefix of the Home tab's button action ids; a press runs the button's value as a command.</summary>
    public const string ActionPrefix = "teamcluster-home-";

    public static JsonObject View(HomeView view)
    {
        var blocks = new JsonArray { SlackBlocks.Header("Your team clusters") };
        if (view.Problem is { } problem)
        {
            blocks.Add(SlackBlocks.Section(SlackDelivery.Escape(problem)));
        }

        foreach (var team in view.Teams)
        {
            blocks.Add(SlackBlocks.Divider());
            blocks.Add(SlackBlocks.Section($"*{SlackDelivery.Escape(team.Name)}*" + (team.Channel is { } channel ? $"  #{channel}" : "")));
            foreach (var cluster in team.Clusters)
            {
                blocks.Add(SlackBlocks.Section(Facts(cluster)));
                blocks.Add(SlackBlocks.Actions(ActionPrefix + cluster.Name, [.. cluster.Buttons.Select((b, i) =>
                    new SlackButton($"{ActionPrefix}{i}", b.Label, b.Command, b.Primary ? "primary" : null))]));
            }
        }

        blocks.Add(SlackBlocks.Section($"_as of {Timestamps.Human(view.At)}_"));
        return new JsonObject { ["type"] = "home", ["blocks"] = blocks };
    }

    private static string Facts(HomeCluster cluster) => string.Join('\n',
        $"*<{cluster.ConsoleUrl}|{cluster.Name}>*  OpenShift {SlackDelivery.Escape(cluster.Version)}",
        "*Held by:* " + HomeText.Holders(cluster),
        "*Read-only:* " + HomeText.Readers(cluster),
        "*Pings:* " + HomeText.Pings(cluster),
        "*In line:* " + HomeText.Line(cluster),
        "*Last provisioned:* " + HomeText.LastProvisioned(cluster),
        "*Last release:* " + SlackDelivery.Escape(cluster.LastRelease ?? "not checked yet"))
        + (cluster.Phase is { } phase ? "\n*Phase:* " + SlackDelivery.Escape(phase) : "");
}
