using TeamClusterSync.App.Home;

namespace TeamClusterSync.App.Ports;

/// <summary>
/// Where a chat front end shows standing views rather than messages: a person's Home (Slack's App Home tab) and one
/// status message per cluster in its team channel, edited in place instead of posted anew.
/// </summary>
public interface IHomeSurface
{
    /// <summary>Shows <paramref name="view"/> as its viewer's Home, replacing what was there.</summary>
    Task PublishAsync(HomeView view, CancellationToken ct);

    /// <summary>Posts the cluster's status message in <paramref name="channel"/> (without '#') the first time, and edits that same message after.</summary>
    Task ShowStatusAsync(string channel, string cluster, string text, CancellationToken ct);
}
