namespace TeamClusterSync.Slack.Models.Responses;

/// <summary>The envelope every Web API answer shares: <c>ok</c>, and on failure Slack's <c>error</c> code.</summary>
public record SlackResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }
}
