namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>The envelope every Web API answer shares: <c>ok</c>, and on failure Slack's <c>error</c> code and details.</summary>
public record SlackResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }

    /// <summary>Slack's <c>response_metadata</c>: the details of an error, or a page's next cursor.</summary>
    public ResponseMetadata? ResponseMetadata { get; init; }
}

/// <summary><c>response_metadata</c>: <see cref="Messages"/> explain an error (<c>[ERROR] ... [json-pointer:/blocks/3]</c>); <see cref="NextCursor"/> pages ("" on the last page).</summary>
public sealed record ResponseMetadata
{
    public IReadOnlyList<string>? Messages { get; init; }

    public string? NextCursor { get; init; }
}
