using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>views.publish: replaces the user's App Home tab.</summary>
    public Task<PublishViewResponse> PublishViewAsync(PublishViewRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<PublishViewResponse>("views.publish", request, cancellationToken);
}
