using System.Net.Http.Headers;
using TeamClusterSync.Slack.Models.Requests;
using TeamClusterSync.Slack.Models.Responses;

namespace TeamClusterSync.Slack.WebApi;

public sealed partial class SlackClient
{
    /// <summary>
    /// Uploads a file and shares it in <paramref name="channelId"/> in Slack's three steps: files.getUploadURLExternal,
    /// POST the bytes to the returned URL, files.completeUploadExternal (files.upload is retired). Callers decide
    /// the channel; kubeconfigs belong in a DM (<see cref="OpenDirectMessageAsync"/>) only.
    /// </summary>
    /// <returns>The file id (<c>F...</c>).</returns>
    public async Task<string> UploadFileAsync(string channelId, string fileName, byte[] content, string? initialComment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = await CallAsync<UploadUrlResponse>("files.getUploadURLExternal", new UploadUrlRequest(fileName, content.Length), cancellationToken);
        await PostUploadBytesAsync(new Uri(target.UploadUrl), content, cancellationToken);
        var done = await CallAsync<CompleteUploadResponse>(
            "files.completeUploadExternal",
            new CompleteUploadRequest([new UploadedFileTitle(target.FileId, fileName)], channelId, initialComment),
            cancellationToken);
        return done.Files.Count > 0 ? done.Files[0].Id : target.FileId;
    }

    /// <summary>
    /// The upload URL is pre-signed, so no token is sent with the bytes (it would only widen the token's exposure).
    /// Retried like an API call; a non-2xx answer fails the upload.
    /// </summary>
    private async Task PostUploadBytesAsync(Uri uploadUrl, byte[] content, CancellationToken cancellationToken)
    {
        var result = await pipeline.ExecuteAsync(
            async ct =>
            {
                using var body = new ByteArrayContent(content);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var response = await this.http.PostAsync(uploadUrl, body, ct);
                return new SlackHttpResult(response.StatusCode, RetryAfterOf(response), "");
            },
            cancellationToken);

        if ((int)result.Status is < 200 or > 299)
        {
            throw new SlackApiException("files.upload_url", $"http_{(int)result.Status}");
        }
    }
}
