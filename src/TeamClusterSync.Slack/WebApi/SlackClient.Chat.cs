using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>chat.postMessage; returns the channel and ts to update the message later.</summary>
    public Task<PostMessageResponse> PostMessageAsync(PostMessageRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<PostMessageResponse>("chat.postMessage", request, cancellationToken);

    /// <summary>chat.postEphemeral; returns the ephemeral message's ts.</summary>
    public async Task<string> PostEphemeralAsync(PostEphemeralRequest request, CancellationToken cancellationToken = default) =>
        (await CallAsync<PostEphemeralResponse>("chat.postEphemeral", request, cancellationToken)).MessageTs;

    /// <summary>chat.update.</summary>
    public Task<PostMessageResponse> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<PostMessageResponse>("chat.update", request, cancellationToken);

    /// <summary>conversations.open with one user: the id (<c>D...</c>) of the bot's DM with that user.</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken = default) =>
        (await CallAsync<ConversationsOpenResponse>("conversations.open", new ConversationsOpenRequest(userId), cancellationToken)).Channel.Id;
}
