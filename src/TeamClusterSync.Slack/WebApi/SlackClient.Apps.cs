using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>auth.test: the bot's own identity (its user id is what mentions look like).</summary>
    public Task<AuthTestResponse> AuthTestAsync(CancellationToken cancellationToken = default) =>
        CallAsync<AuthTestResponse>("auth.test", new NoArgs(), cancellationToken);

    /// <summary>apps.connections.open with the app-level token: a fresh single-use Socket Mode URL.</summary>
    public async Task<Uri> OpenSocketModeConnectionAsync(CancellationToken cancellationToken = default) =>
        new((await CallAsync<ConnectionsOpenResponse>("apps.connections.open", new NoArgs(), AppToken, cancellationToken)).Url);
}
